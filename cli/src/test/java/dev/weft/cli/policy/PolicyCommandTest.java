package dev.weft.cli.policy;

import dev.weft.testkit.Proc;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;
import dev.weft.cluster.Inventory;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft policy} as a user runs it: a bad manifest names the field and stores nothing. */
class PolicyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void applyStoresValidPolicies_andABadManifestChangesNothing() throws Exception {
        Path store = tmp.resolve("store.json");
        Path good = Files.writeString(tmp.resolve("good.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: x}
                spec: {podSelector: {}, ingress: []}
                """);
        Proc.Result ok = WeftCli.run(null, Map.of(), "policy", "apply", "-f", good.toString(), "--datastore", store.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("networkpolicy x/deny applied");

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: first-is-fine, namespace: x}
                spec: {podSelector: {}, ingress: []}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: broken, namespace: x}
                spec:
                  podSelector: {}
                  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]
                """);
        Proc.Result rejected = WeftCli.run(null, Map.of(), "policy", "apply", "-f", bad.toString(), "--datastore", store.toString());
        assertThat(rejected.exit()).isEqualTo(1);
        assertThat(rejected.err()).contains("document[1].spec.ingress[0].from[0].ipBlock.cidr").contains("10.0.0.0/33");
        try (var ds = new EmbeddedDatastore(store)) {
            assertThat(new Inventory(ds).policies()).containsOnlyKeys("x/deny");
        }

        Proc.Result del = WeftCli.run(null, Map.of(), "policy", "delete", "x/deny", "--datastore", store.toString());
        assertThat(del.exit()).as(del.err()).isZero();
        Proc.Result again = WeftCli.run(null, Map.of(), "policy", "delete", "x/deny", "--datastore", store.toString());
        assertThat(again.exit()).isEqualTo(1);
    }

    /**
     * One apply is one transaction (issue #13, item 10): every policy it stores carries the same
     * revision. Each policy used to be its own write (a whole rewrite of the embedded store), so
     * 14,000 policies took minutes and a killed apply left thousands stored.
     */
    @Test
    void applyStoresAllPoliciesInOneTransaction() throws Exception {
        Path store = tmp.resolve("store.json");
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            manifest.append("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n")
                    .append("metadata: {name: p").append(i).append(", namespace: x}\nspec: {podSelector: {}, ingress: []}\n");
        }
        Path file = Files.writeString(tmp.resolve("many.yaml"), manifest);
        Proc.Result ok = WeftCli.run(null, Map.of(), "policy", "apply", "-f", file.toString(), "--datastore", store.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        try (var ds = new EmbeddedDatastore(store)) {
            var stored = new Inventory(ds).storedPolicies();
            assertThat(stored).hasSize(30);
            assertThat(stored.values().stream().map(Inventory.StoredPolicy::revision).distinct()).as("revisions").hasSize(1);
        }
    }

    /** An empty or blank manifest used to exit 0 without a word; it is an error that says so, as kubectl does. */
    @Test
    void anEmptyManifestIsAnErrorThatSaysSo() throws Exception {
        Path store = tmp.resolve("store.json");
        for (String text : new String[] {"", " \n\n", "---\n", "# only a comment\n"}) {
            Path file = Files.writeString(tmp.resolve("empty.yaml"), text);
            Proc.Result r = WeftCli.run(null, Map.of(), "policy", "apply", "-f", file.toString(), "--datastore", store.toString());
            assertThat(r.exit()).as("%s: %s", text, r.out()).isEqualTo(1);
            assertThat(r.err()).contains("no documents").contains(file.toString());
        }
        assertThat(store).doesNotExist();
    }

    /** Binary input used to fail with "Input length = 1"; the error now says what and where. */
    @Test
    void binaryInputIsNamedAsNotUtf8WithItsOffset() throws Exception {
        Path file = Files.write(tmp.resolve("bin.yaml"), new byte[] {'k', 'i', 'n', 'd', (byte) 0xff, (byte) 0xfe, 0});
        Proc.Result r = WeftCli.run(null, Map.of(), "policy", "apply", "-f", file.toString(),
                "--datastore", tmp.resolve("store.json").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(file.toString()).contains("not UTF-8 text").contains("byte 4");
    }

    /**
     * A manifest over the documented size limit is refused by its size, before it is parsed; a
     * 5 MB document used to be parsed (for 21 s on the probe's machine) before the YAML library's
     * own limit refused it.
     */
    @Test
    void anOversizedManifestIsRefusedByItsSize() throws Exception {
        Path file = tmp.resolve("huge.yaml");
        Files.write(file, ("#" + "x".repeat(1023) + "\n").repeat(8 * 1024 + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Proc.Result r = WeftCli.run(null, Map.of(), "policy", "apply", "-f", file.toString(),
                "--datastore", tmp.resolve("store.json").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(file.toString()).contains("8 MiB");
    }

    @Test
    void explainNamesThePoliciesAndTheVerdict() throws Exception {
        Path store = tmp.resolve("store.json");
        try (var ds = new EmbeddedDatastore(store)) {
            Inventory inv = new Inventory(ds);
            inv.putPod(new Inventory.Pod("x", "a", "n1", java.util.List.of(dev.weft.net.IpAddress.parse("10.244.1.2")), java.util.Optional.of(dev.weft.net.InterfaceName.of("veth1"))));
            inv.putPod(new Inventory.Pod("y", "b", "n2", java.util.List.of(dev.weft.net.IpAddress.parse("10.244.2.2")), java.util.Optional.of(dev.weft.net.InterfaceName.of("veth2"))));
            inv.putPodMeta("x", "a", new Inventory.PodMeta(Map.of("pod", "a"), Map.of()));
            inv.putPolicy("x", "deny", "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\","
                    + "\"metadata\":{\"name\":\"deny\",\"namespace\":\"x\"},\"spec\":{\"podSelector\":{},\"ingress\":[]}}");
        }
        Proc.Result p = WeftCli.run(null, Map.of(), "policy", "explain", "y/b", "x/a", "80/TCP", "--datastore", store.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).contains("x/deny").containsIgnoringCase("denied");
        Proc.Result byIp = WeftCli.run(null, Map.of(), "policy", "explain", "10.244.1.2", "10.244.2.2", "80/TCP",
                "--datastore", store.toString());
        assertThat(byIp.exit()).as(byIp.err()).isZero();
        assertThat(byIp.out()).containsIgnoringCase("allowed");
    }

    @Test
    void labelsMergeAndRemoveLikeKubectl() {
        assertThat(LabelCommands.apply(Map.of("a", "1", "b", "2"), java.util.List.of("b-", "c=3", "a=9")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "9", "c", "3"));
    }
}
