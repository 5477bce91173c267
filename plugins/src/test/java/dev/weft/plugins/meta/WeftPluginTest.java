package dev.weft.plugins.meta;

import dev.weft.cni.json.Json;
import dev.weft.invoke.FakeExec;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WeftPluginTest {
    @TempDir
    Path tmp;
    private FakeExec exec;
    private PluginHarness weft;
    private Path env;

    @BeforeEach
    void setUp() throws Exception {
        exec = new FakeExec().register("weft-bridge", call -> call.command().equals("ADD")
                ? "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.244.7.2/24\",\"gateway\":\"10.244.7.1\"}]}"
                .getBytes(StandardCharsets.UTF_8) : new byte[0]);
        weft = new PluginHarness(new WeftPlugin(exec));
        env = tmp.resolve("subnet.env");
        Files.writeString(env, "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.7.1/24\nWEFT_MTU=1450\nWEFT_IPMASQ=true\n");
    }

    private String conf(String extra) {
        return """
                {"cniVersion": "1.0.0", "name": "cluster", "type": "weft", "subnetFile": "%s", "dataDir": "%s" %s}
                """.formatted(env, tmp.resolve("data"), extra);
    }

    private JsonNode lastStdin() {
        var calls = exec.calls();
        return Json.mapper().readTree(calls.getLast().stdin());
    }

    @Test
    void addDelegatesToWeftBridgeOnTheNodeSubnet() {
        Outcome o = weft.run("ADD", "c1", "eth0", conf(", \"delegate\": {\"hairpinMode\": false}, \"ipamDataDir\": \"/x\""),
                Map.of());
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(o.out().path("ips").path(0).path("address").asString()).isEqualTo("10.244.7.2/24");
        JsonNode d = lastStdin();
        assertThat(exec.calls().getLast().type()).isEqualTo("weft-bridge");
        assertThat(d.path("name").asString()).isEqualTo("cluster");
        assertThat(d.path("mtu").asInt()).isEqualTo(1450);
        assertThat(d.path("ipMasq").asBoolean()).isTrue();
        assertThat(d.path("isDefaultGateway").asBoolean()).isTrue();
        assertThat(d.path("hairpinMode").asBoolean()).as("delegate override").isFalse();
        assertThat(d.path("ipam").path("type").asString()).isEqualTo("weft-host-local");
        assertThat(d.path("ipam").path("ranges").path(0).path(0).path("subnet").asString()).isEqualTo("10.244.7.0/24");
        assertThat(d.path("ipam").path("ranges").path(0).path(0).path("gateway").asString()).isEqualTo("10.244.7.1");
        assertThat(d.path("ipam").path("routes").path(0).path("dst").asString()).isEqualTo("10.244.0.0/16");
        assertThat(d.path("ipam").path("dataDir").asString()).isEqualTo("/x");
        assertThat(tmp.resolve("data/c1-eth0.json")).exists();
    }

    @Test
    void onTheUnderlayItDelegatesToWeftMacvlanWithWeftIpamAndRecordsTheNamespace() throws Exception {
        Files.writeString(env, "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.7.1/24\nWEFT_MTU=1500\nWEFT_IPMASQ=false\n"
                + "WEFT_BACKEND=macvlan\nWEFT_UPLINK=eth0\nWEFT_IPAM_POOL=lab\nWEFT_IPAM_DATASTORE=/s/store.json\n"
                + "WEFT_IPAM_NODE=n1\nWEFT_IPAM_DATA_DIR=/s/ipam\n");
        exec.register("weft-macvlan", call -> call.command().equals("ADD")
                ? "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/run/netns/p\"}],\"ips\":[{\"address\":\"172.30.0.70/24\",\"gateway\":\"172.30.0.1\"}]}"
                .getBytes(StandardCharsets.UTF_8) : new byte[0]);
        Outcome o = weft.run("ADD", "c2", "eth0", conf(""), Map.of("CNI_ARGS", "K8S_POD_NAMESPACE=x;K8S_POD_NAME=a"));
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(exec.calls().getLast().type()).isEqualTo("weft-macvlan");
        JsonNode d = lastStdin();
        assertThat(d.path("master").asString()).isEqualTo("eth0");
        assertThat(d.path("mode").asString()).isEqualTo("bridge");
        assertThat(d.has("bridge") || d.has("ipMasq")).as("nothing of the bridge").isFalse();
        JsonNode ipam = d.path("ipam");
        assertThat(ipam.path("type").asString()).isEqualTo("weft-ipam");
        assertThat(ipam.path("pool").asString()).isEqualTo("lab");
        assertThat(ipam.path("datastore").asString()).isEqualTo("/s/store.json");
        assertThat(ipam.path("node").asString()).isEqualTo("n1");
        assertThat(ipam.path("dataDir").asString()).isEqualTo("/s/ipam");
        assertThat(ipam.path("routes").path(0).path("dst").asString()).isEqualTo("0.0.0.0/0");
        var records = dev.weft.nodestate.PodRecord.readAll(tmp.resolve("data"));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.hostIface()).as("no host end: macvlan").isEmpty();
            assertThat(r.netns()).isPresent();
        });
    }

    @Test
    void withRoutedPodsItDelegatesToWeftPtpOnTheNodeSubnetAndRecordsTheHostVeth() throws Exception {
        Files.writeString(env, "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.7.1/24\nWEFT_MTU=1500\nWEFT_IPMASQ=true\n"
                + "WEFT_BACKEND=routed\n");
        exec.register("weft-ptp", call -> call.command().equals("ADD")
                ? ("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"veth0a1b2c3d\"},{\"name\":\"eth0\","
                + "\"sandbox\":\"/run/netns/p\"}],\"ips\":[{\"interface\":1,\"address\":\"10.244.7.2/32\","
                + "\"gateway\":\"10.244.7.1\"}]}").getBytes(StandardCharsets.UTF_8) : new byte[0]);
        Outcome o = weft.run("ADD", "c4", "eth0", conf(", \"ipamDataDir\": \"/x\""),
                Map.of("CNI_ARGS", "K8S_POD_NAMESPACE=x;K8S_POD_NAME=r"));
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(exec.calls().getLast().type()).isEqualTo("weft-ptp");
        JsonNode d = lastStdin();
        assertThat(d.has("bridge") || d.has("hairpinMode") || d.has("isDefaultGateway")).as("nothing of the bridge").isFalse();
        assertThat(d.path("mtu").asInt()).isEqualTo(1500);
        assertThat(d.path("ipMasq").asBoolean()).isTrue();
        assertThat(d.path("ipMasqNetwork").asString()).isEqualTo("10.244.0.0/16");
        JsonNode ipam = d.path("ipam");
        assertThat(ipam.path("type").asString()).isEqualTo("weft-host-local");
        assertThat(ipam.path("ranges").path(0).path(0).path("subnet").asString()).isEqualTo("10.244.7.0/24");
        assertThat(ipam.path("ranges").path(0).path(0).path("gateway").asString()).isEqualTo("10.244.7.1");
        assertThat(ipam.path("routes").findValuesAsString("dst")).containsExactly("10.244.0.0/16", "0.0.0.0/0");
        assertThat(ipam.path("dataDir").asString()).isEqualTo("/x");
        var records = dev.weft.nodestate.PodRecord.readAll(tmp.resolve("data"));
        assertThat(records).singleElement().satisfies(r ->
                assertThat(r.hostIface()).map(Object::toString).as("policy's pod interface").contains("veth0a1b2c3d"));

        Outcome del = weft.run("DEL", "c4", "eth0", conf(", \"ipamDataDir\": \"/x\""), Map.of());
        assertThat(del.exit()).as(del.out() + del.err()).isZero();
        assertThat(exec.calls().getLast().type()).as("DEL goes to the saved delegate").isEqualTo("weft-ptp");
        assertThat(exec.calls().getLast().command()).isEqualTo("DEL");
    }

    @Test
    void withABridgePoolItDelegatesToWeftBridgeWithHostPrefixesFromWeftIpam() throws Exception {
        Files.writeString(env, "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.7.1/24\nWEFT_MTU=1450\nWEFT_IPMASQ=true\n"
                + "WEFT_BACKEND=bridge-ipam\nWEFT_IPAM_POOL=pods\nWEFT_IPAM_NETWORK=10.60.0.0/20\n"
                + "WEFT_IPAM_DATASTORE=/s/store.json\nWEFT_IPAM_NODE=n1\nWEFT_IPAM_DATA_DIR=/s/ipam\n");
        Outcome o = weft.run("ADD", "c3", "eth0", conf(", \"ipamDataDir\": \"/x\""), Map.of());
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(exec.calls().getLast().type()).isEqualTo("weft-bridge");
        JsonNode d = lastStdin();
        assertThat(d.path("bridge").asString()).isEqualTo("weft0");
        assertThat(d.path("hostPrefix").asBoolean()).isTrue();
        assertThat(d.path("isDefaultGateway").asBoolean()).isTrue();
        assertThat(d.path("ipMasq").asBoolean()).isTrue();
        assertThat(d.path("ipMasqNetwork").asString()).as("pods of other nodes see the pod's own address")
                .isEqualTo("10.60.0.0/20");
        JsonNode ipam = d.path("ipam");
        assertThat(ipam.path("type").asString()).isEqualTo("weft-ipam");
        assertThat(ipam.path("pool").asString()).isEqualTo("pods");
        assertThat(ipam.path("datastore").asString()).isEqualTo("/s/store.json");
        assertThat(ipam.path("node").asString()).isEqualTo("n1");
        assertThat(ipam.path("dataDir").asString()).as("weft-ipam's, not host-local's").isEqualTo("/s/ipam");
        assertThat(ipam.has("ranges")).isFalse();
    }

    @Test
    void missingSubnetFileMeansTryAgain() throws Exception {
        Files.delete(env);
        Outcome o = weft.run("ADD", "c1", "eth0", conf(""), Map.of());
        assertThat(o.errorCode()).isEqualTo(11);
        assertThat(o.msg()).contains("weft agent");
        Outcome status = weft.run("STATUS", "", "", conf(""), Map.of());
        assertThat(status.errorCode()).isEqualTo(50);
    }

    @Test
    void delUsesWhatAddUsedEvenAfterTheSubnetChanged() throws Exception {
        weft.run("ADD", "c1", "eth0", conf(""), Map.of());
        Files.writeString(env, "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.9.1/24\n");
        assertThat(weft.run("DEL", "c1", "eth0", conf(""), Map.of()).exit()).isZero();
        assertThat(exec.calls().getLast().command()).isEqualTo("DEL");
        assertThat(lastStdin().path("ipam").path("ranges").path(0).path(0).path("subnet").asString()).isEqualTo("10.244.7.0/24");
        assertThat(tmp.resolve("data/c1-eth0.json")).doesNotExist();
        int calls = exec.calls().size();
        assertThat(weft.run("DEL", "c1", "eth0", conf(""), Map.of()).exit()).isZero();
        assertThat(exec.calls()).hasSize(calls);
    }

    @Test
    void checkNeedsASavedConfigAndGcDropsStaleOnes() {
        assertThat(weft.run("CHECK", "nope", "eth0", conf(""), Map.of()).errorCode()).isEqualTo(3);
        weft.run("ADD", "keep", "eth0", conf(""), Map.of());
        weft.run("ADD", "drop", "eth0", conf(""), Map.of());
        String gc = conf(", \"cni.dev/valid-attachments\": [{\"containerID\": \"keep\", \"ifname\": \"eth0\"}]");
        Outcome o = weft.run("GC", "", "", gc, Map.of());
        assertThat(o.exit()).as(String.valueOf(o.out())).isZero();
        assertThat(tmp.resolve("data/keep-eth0.json")).exists();
        assertThat(tmp.resolve("data/drop-eth0.json")).doesNotExist();
        assertThat(exec.calls().getLast().command()).isEqualTo("GC");
        assertThat(lastStdin().path("cni.dev/valid-attachments").size()).isEqualTo(1);
    }
}
