package dev.weft.policy.compile;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.ContainerPort;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.PodInfo;
import dev.weft.policy.Protocol;
import dev.weft.policy.manifest.PolicyManifest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.weft.policy.testing.Yaml.docs;
import static dev.weft.policy.testing.Yaml.policy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point of sets and verdict maps: with the same policies, more pods add set and map elements only
 * (10, 100 and 190 pods per app here).
 * Rules stay constant, so the ruleset is O(policies + pods), never O(policies × pods) or O(pods²).
 */
class RulesetSizeTest {
    static final String POLICIES = docs(
            policy("shop", "web", """
                    podSelector: {matchLabels: {app: web}}
                    policyTypes: [Ingress, Egress]
                    ingress:
                    - from: [{podSelector: {matchLabels: {app: frontend}}}, {ipBlock: {cidr: 192.168.0.0/16}}]
                      ports: [{port: 80}, {port: 8443, endPort: 8449}]
                    egress:
                    - to: [{podSelector: {matchLabels: {app: db}}}]
                      ports: [{port: pg}]
                    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: frontend}}}]
                    """),
            policy("shop", "db", """
                    podSelector: {matchLabels: {app: db}}
                    ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
                    """));

    /** {@code n} pods per app (web, frontend, db), split between two nodes. */
    static ClusterSnapshot cluster(int n) {
        List<PodInfo> pods = new ArrayList<>();
        String[] apps = {"web", "frontend", "db"};
        for (int a = 0; a < apps.length; a++) {
            for (int i = 0; i < n; i++) {
                IpAddress ip = IpAddress.parse("10." + a + "." + (i / 250) + "." + (i % 250 + 1));
                pods.add(PodInfo.of("shop", apps[a] + "-" + i, Map.of("app", apps[a]), i % 2 == 0 ? "n1" : "n2", ip)
                        .withNamedPorts(Map.of("pg", new ContainerPort(5432, Protocol.TCP)))
                        .withHostIface(InterfaceName.of("veth" + a + "x" + i)));
            }
        }
        return new ClusterSnapshot(List.of(NamespaceInfo.of("shop", Map.of())), pods, PolicyManifest.parse(POLICIES));
    }

    static long lines(String script, String prefix) {
        return script.lines().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void rulesDoNotGrowWithPodsOnlyElementsDo() {
        Ruleset r10 = PolicyCompiler.ruleset(cluster(10), "n1");
        Ruleset r100 = PolicyCompiler.ruleset(cluster(100), "n1");
        Ruleset r190 = PolicyCompiler.ruleset(cluster(190), "n1");
        String s10 = PolicyCompiler.compile(cluster(10), "n1").render();
        String s190 = PolicyCompiler.compile(cluster(190), "n1").render();

        assertThat(r190.ruleCount()).isEqualTo(r10.ruleCount());
        assertThat(r190.chains().keySet()).isEqualTo(r10.chains().keySet());
        assertThat(r190.sets().keySet()).isEqualTo(r10.sets().keySet());
        assertThat(lines(s190, "add rule")).isEqualTo(lines(s10, "add rule"));
        assertThat(lines(s190, "add chain")).isEqualTo(lines(s10, "add chain"));
        assertThat(lines(s190, "add element")).isEqualTo(lines(s10, "add element"));
        assertThat(s190.lines().count()).isEqualTo(s10.lines().count());

        // Elements grow linearly: the same number per added pod.
        assertThat(r190.elementCount() - r100.elementCount()).isEqualTo(r100.elementCount() - r10.elementCount());
        assertThat(r190.elementCount()).isGreaterThan(r10.elementCount() * 5);
    }

    @Test
    void podsWithEqualPoliciesShareOneChain() {
        Ruleset r = PolicyCompiler.ruleset(cluster(40), "n1");
        // web (ingress + egress) and db (ingress): three chains for 40 local isolated pods.
        assertThat(r.chains()).hasSize(3);
        assertThat(r.sets().get("ingress4").elements()).hasSize(40);
        assertThat(r.sets().get("egress4").elements()).hasSize(20);
    }
}
