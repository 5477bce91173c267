package dev.weft.node.cni;

import dev.weft.fastpath.CniRequest;
import dev.weft.fastpath.CniResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's handler runs the named plugin in-process and tells the agent when attachments changed. */
class AgentCniHandlerTest {
    @TempDir
    Path tmp;

    private final AtomicInteger changes = new AtomicInteger();
    private final java.util.List<String> heard = new java.util.ArrayList<>();
    private final AgentCniHandler handler = new AgentCniHandler(InProcessExec.oneShot(), new Attachments() {
        @Override
        public void podAdded() {
            changes.incrementAndGet();
            heard.add("pod added");
        }

        @Override
        public void changed() {
            changes.incrementAndGet();
            heard.add("changed");
        }
    });

    private CniResponse call(String command, String conf) {
        Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "c1", "CNI_NETNS", "/run/netns/x",
                "CNI_IFNAME", "eth0", "CNI_PATH", tmp.toString());
        return handler.handle(new CniRequest("weft-host-local", env, conf.getBytes(StandardCharsets.UTF_8)));
    }

    private String conf(String subnet) {
        return """
                {"cniVersion": "1.1.0", "name": "h", "type": "weft-bridge",
                 "ipam": {"type": "weft-host-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}}"""
                .formatted(subnet, tmp.resolve("ipam"));
    }

    @Test
    void successfulAddsAndDelsAreReportedOthersAreNot() {
        CniResponse add = call("ADD", conf("10.9.0.0/24"));
        assertThat(add.exitCode()).as(new String(add.stdout(), StandardCharsets.UTF_8)).isZero();
        assertThat(new String(add.stdout(), StandardCharsets.UTF_8)).contains("10.9.0.2/24");
        assertThat(changes).hasValue(1);

        assertThat(call("VERSION", "{\"cniVersion\": \"1.1.0\"}").exitCode()).isZero();
        CniResponse bad = call("ADD", conf("10.9.0.0/33"));
        assertThat(bad.exitCode()).isNotZero();
        assertThat(new String(bad.stdout(), StandardCharsets.UTF_8)).contains("subnet");
        assertThat(changes).hasValue(1);

        assertThat(call("DEL", conf("10.9.0.0/24")).exitCode()).isZero();
        assertThat(changes).hasValue(2);
        assertThat(handler.served()).isEqualTo(4);
        assertThat(heard).containsExactly("changed", "changed");
    }

    @Test
    void onlyThePluginThatRecordsPodsMakesTheAgentWaitForPolicy() {
        assertThat(dev.weft.node.plugins.PluginCatalog.recordsPods("weft")).isTrue();
        assertThat(dev.weft.node.plugins.PluginCatalog.executables().keySet().stream()
                .filter(dev.weft.node.plugins.PluginCatalog::recordsPods)).containsExactly("weft");
    }
}
