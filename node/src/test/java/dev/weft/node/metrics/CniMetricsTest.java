package dev.weft.node.metrics;

import dev.weft.fastpath.CniRequest;
import dev.weft.fastpath.CniResponse;
import dev.weft.invoke.PluginRef;
import dev.weft.invoke.ProcessExec;
import dev.weft.node.cni.AgentCniHandler;
import dev.weft.node.cni.Attachments;
import dev.weft.node.cni.InProcessExec;
import dev.weft.node.plugins.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CNI calls served by the agent's handler, and delegates run in-process, move the CNI and IPAM counts. */
class CniMetricsTest {
    @TempDir
    Path tmp;

    private final NodeMetrics metrics = NodeMetrics.unserved();
    private final InProcessExec exec = new InProcessExec(new ProcessExec(), PluginCatalog.oneShot(), metrics);
    private final AgentCniHandler handler = new AgentCniHandler(exec, Attachments.NONE, metrics);

    private Map<String, String> env(String command, String cid) {
        return Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", cid, "CNI_NETNS", "/run/netns/x",
                "CNI_IFNAME", "eth0", "CNI_PATH", tmp.toString());
    }

    private CniResponse call(String command, String cid, String conf) {
        return handler.handle(new CniRequest("weft-host-local", env(command, cid), conf.getBytes(StandardCharsets.UTF_8)));
    }

    private String conf(String subnet) {
        return """
                {"cniVersion": "1.1.0", "name": "h", "type": "weft-bridge",
                 "ipam": {"type": "weft-host-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}}"""
                .formatted(subnet, tmp.resolve("ipam"));
    }

    private Map<String, Double> scrape() {
        return MetricsScrape.samples(metrics.text());
    }

    @Test
    void servedCallsAreCountedByCommandPluginAndCodeWithTheirLatency() {
        assertThat(call("ADD", "c1", conf("10.9.0.0/24")).exitCode()).isZero();
        assertThat(call("ADD", "c2", conf("10.9.0.0/24")).exitCode()).isZero();
        assertThat(call("ADD", "c3", conf("10.9.0.0/33")).exitCode()).isNotZero();
        assertThat(call("DEL", "c1", conf("10.9.0.0/24")).exitCode()).isZero();

        Map<String, Double> s = scrape();
        assertThat(MetricsScrape.sum(s, "weft_cni_requests_total", "command=\"ADD\"", "code=\"0\"",
                "plugin=\"weft-host-local\"")).isEqualTo(2);
        assertThat(MetricsScrape.sum(s, "weft_cni_requests_total", "command=\"ADD\"", "code=\"7\"")).isEqualTo(1);
        assertThat(MetricsScrape.sum(s, "weft_cni_requests_total", "command=\"DEL\"", "code=\"0\"")).isEqualTo(1);
        assertThat(MetricsScrape.sum(s, "weft_cni_request_duration_seconds_count", "command=\"ADD\"", "code=\"0\""))
                .isEqualTo(2);
        assertThat(MetricsScrape.sum(s, "weft_cni_request_duration_seconds_bucket", "command=\"ADD\"", "code=\"0\"",
                "le=\"+Inf\"")).isEqualTo(2);
        assertThat(MetricsScrape.sum(s, "weft_ipam_allocations_total", "plugin=\"weft-host-local\"")).isEqualTo(2);
        assertThat(MetricsScrape.sum(s, "weft_ipam_releases_total", "plugin=\"weft-host-local\"")).isEqualTo(1);
    }

    @Test
    void delegatesRunInTheAgentAreCountedAsTheirOwnCalls() {
        byte[] stdin = conf("10.8.0.0/24").getBytes(StandardCharsets.UTF_8);
        exec.run(new PluginRef.InProcess("weft-host-local"), stdin, env("ADD", "d1"));
        Map<String, Double> s = scrape();
        assertThat(MetricsScrape.sum(s, "weft_cni_delegated_calls_total", "command=\"ADD\"",
                "plugin=\"weft-host-local\"", "result=\"ok\"")).isEqualTo(1);
        assertThat(MetricsScrape.sum(s, "weft_ipam_allocations_total")).isEqualTo(1);
        assertThat(MetricsScrape.sum(s, "weft_cni_requests_total")).as("not served through the socket").isZero();
    }

    @Test
    void hostLocalHeldAddressesAreReadWhenScraped() {
        var registry = new dev.weft.ipam.hostlocal.IndexedAllocations.Registry();
        NodeMetrics m = NodeMetrics.unserved();
        m.hostLocalHeld(registry::held);
        InProcessExec indexed = new InProcessExec(new ProcessExec(),
                new PluginCatalog(new dev.weft.plugins.net.NetlinkKernel(),
                        dev.weft.ipam.cluster.plugin.IpamProvider.shared(java.util.Optional.empty(), java.util.Optional.empty()),
                        registry, null), m);
        AgentCniHandler h = new AgentCniHandler(indexed, Attachments.NONE, m);
        for (String cid : new String[] {"a", "b", "c"}) {
            CniResponse r = h.handle(new CniRequest("weft-host-local", env("ADD", cid),
                    conf("10.7.0.0/24").getBytes(StandardCharsets.UTF_8)));
            assertThat(r.exitCode()).as(new String(r.stdout(), StandardCharsets.UTF_8)).isZero();
        }
        h.handle(new CniRequest("weft-host-local", env("DEL", "b"), conf("10.7.0.0/24").getBytes(StandardCharsets.UTF_8)));
        assertThat(MetricsScrape.sum(MetricsScrape.samples(m.text()), "weft_ipam_hostlocal_addresses_held",
                "network=\"h\"")).isEqualTo(2);
        registry.close();
    }
}
