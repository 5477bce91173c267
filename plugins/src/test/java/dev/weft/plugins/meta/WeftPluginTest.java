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
