package dev.weft.doctor;

import dev.weft.doctor.advice.Advice;
import dev.weft.doctor.advice.Backend;
import dev.weft.doctor.advice.Reason;
import dev.weft.doctor.finding.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checklist (golden text), the exit rule and the JSON a lab's doctor reads back. */
class ReportTest {
    private static final Report REPORT = new Report("n2",
            List.of(Finding.ok("kernel.vxlan", "supported"), Finding.warn("kernel.ipip", "not supported", "load ipip"),
                    Finding.info("bgp.peer", "no BGP peer configured")),
            new Advice(Optional.of(Backend.HOST_GW), List.of(
                    new Reason(Backend.MACVLAN, false, "segment.pool", "no IP pool on the segment", ""),
                    new Reason(Backend.HOST_GW, true, "peers.on-link", "every other node is on-link", "tcp 2.90 Gbps"))),
            List.of(Finding.fail("agent.cni-socket", "cni.sock does not answer", "start the agent"),
                    Finding.ok("node.lease", "n2 holds 10.244.2.0/24")));

    @Test
    void checklist() {
        assertThat(REPORT.text()).isEqualTo("""
                weft doctor: node n2
                environment
                  ✓ kernel.vxlan  supported
                  ⚠ kernel.ipip   not supported
                      fix: load ipip
                  · bgp.peer      no BGP peer configured
                advice: host-gw
                  1. macvlan refused (segment.pool): no IP pool on the segment
                  2. host-gw chosen (peers.on-link): every other node is on-link; measured: tcp 2.90 Gbps
                cluster
                  ✗ agent.cni-socket  cni.sock does not answer
                      fix: start the agent
                  ✓ node.lease        n2 holds 10.244.2.0/24
                """);
        assertThat(REPORT.failed()).isTrue();
        assertThat(new Report("n1", REPORT.environment(), REPORT.advice(), List.of()).failed()).isFalse();
    }

    @Test
    void jsonRoundTrip() {
        String json = Report.json(List.of(REPORT));
        assertThat(json).contains("\"mark\" : \"✗\"").contains("\"failed\" : true");
        assertThat(Report.parse(json)).containsExactly(REPORT);
    }

    @Test
    void aFindingNamesItselfAndAFailSaysHowToFixIt() {
        assertThatThrownBy(() -> Finding.fail("agent.up", "down", "")).hasMessageContaining("fix");
        assertThatThrownBy(() -> Finding.ok("Agent Up", "x")).hasMessageContaining("name");
    }
}
