package dev.weft.ipam.cluster.plugin;

import dev.weft.sdk.testing.PluginHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CNI GC of weft-ipam: the runtime's valid set is authoritative for its network on this node. */
class CniGcTest extends PluginFixture {

    private String gcConf(String network, String... valid) {
        StringBuilder v = new StringBuilder();
        for (String cid : valid) {
            v.append(v.isEmpty() ? "" : ", ").append("{\"containerID\": \"").append(cid).append("\", \"ifname\": \"eth0\"}");
        }
        return conf(network, "\"pool\": \"p\"").replaceFirst("\\{", "{\"cni.dev/valid-attachments\": [" + v + "], ");
    }

    @Test
    void releasesThisNetworksAttachmentsNotInTheValidSet_atOnce_andKeepsTheValidOnes() {
        add("keep");
        add("gone");
        PluginHarness.Outcome gc = run("GC", "", gcConf("net", "keep"));
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(snap().handles()).containsOnlyKeys(att("keep"));
        assertThat(records("n1").read(att("gone"))).isEmpty();
        assertThat(records("n1").read(att("keep"))).isPresent();
        consistent();
    }

    @Test
    void neverTouchesAnotherNetworkSharingThePool() {
        add("mine");
        PluginHarness.Outcome other = run("ADD", "theirs", conf("other-net", "\"pool\": \"p\""));
        assertThat(other.exit()).isZero();
        assertThat(run("GC", "", gcConf("net")).exit()).isZero();
        assertThat(snap().handles()).containsOnlyKeys(att("theirs"));
    }

    @Test
    void neverTouchesAnotherNodesAttachments() {
        PluginHarness.Outcome elsewhere = run("ADD", "remote", conf("\"pool\": \"p\", \"node\": \"n2\""));
        assertThat(elsewhere.exit()).isZero();
        assertThat(run("GC", "", gcConf("net")).exit()).isZero();
        assertThat(snap().handles()).containsOnlyKeys(att("remote"));
    }
}
