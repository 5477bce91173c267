package dev.weft.e2e.lab;

import dev.weft.doctor.Report;
import dev.weft.doctor.advice.Backend;
import dev.weft.doctor.advice.Reason;
import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.Status;
import dev.weft.lab.LabProcesses;
import dev.weft.lab.LabState;
import dev.weft.lab.Topology;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code weft doctor --lab} on real labs of two nodes: a healthy vxlan lab on one segment (all ✓,
 * host-gw advised because every node is on-link and no pool is on the segment), the same lab with
 * a pool on the segment (the underlay advised) and a broken node (agent stopped, a route deleted by
 * hand: the right ✗ and fixes), and an l3 lab (host-gw refused by the on-link probe, vxlan advised).
 */
@RequiresRoot
class DoctorLabTest {
    @TempDir
    Path root;

    @Test
    void vxlanOnOneSegment_allGreenAndHostGwAdvised_thenABrokenNodeGetsItsCrossesAndFixes() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(2, "vxlan", Topology.L2, false);
            Proc.Result healthy = doctor(t);
            List<Report> reports = Report.parse(healthy.out());
            assertThat(reports).extracting(Report::node).containsExactly("n1", "n2");
            for (Report r : reports) {
                assertThat(all(r)).as(r.text()).noneMatch(f -> f.status() == Status.FAIL);
                assertThat(r.cluster()).as(r.text()).allMatch(f -> f.status() == Status.OK || f.status() == Status.INFO);
                assertThat(find(r, "peers.on-link").status()).as(r.text()).isEqualTo(Status.OK);
                assertThat(find(r, "segment.extra-macs").status()).as(r.text()).isEqualTo(Status.OK);
                assertThat(find(r, "agent.cni-socket").status()).as(r.text()).isEqualTo(Status.OK);
                assertThat(r.advice().backend()).as(r.text()).contains(Backend.HOST_GW);
                Reason underlay = r.advice().reasons().getFirst(); // no pool on the segment: pods may not live there
                assertThat(underlay.backend()).isEqualTo(Backend.MACVLAN);
                assertThat(underlay.probe()).isEqualTo("segment.pool");
            }
            assertThat(healthy.exit()).as(healthy.out()).isZero();

            // a pool on the segment lets pods live there: the same probes now advise the underlay
            Proc.Result pool = WeftCli.run(null, Map.of(), "ipam", "pool", "add", "seg", "172.30.0.0/24", "--exclude",
                    "172.30.0.0-172.30.0.63", "--gateway", "172.30.0.1", "--datastore", t.state().datastore());
            assertThat(pool.exit()).as(pool.err()).isZero();
            LabState.Node n2 = t.state().requireNode("n2");
            String n1Subnet = t.status("n1").subnet();
            LabProcesses.stop(n2.agentPid(), 5000);
            Proc.run("ip", "netns", "exec", n2.netns(), "ip", "route", "del", n1Subnet);
            Proc.Result broken = WeftCli.run(null, Map.of(), "doctor", "--lab", t.layout.name(), "--lab-root", root.toString());
            assertThat(broken.exit()).as(broken.out()).isEqualTo(1);
            String n2Text = broken.out().substring(broken.out().indexOf("weft doctor: node n2"));
            assertThat(n2Text).as(broken.out())
                    .containsPattern("✗ agent.cni-socket +\\S+/n2/cni.sock does not answer")
                    .contains("fix: the agent is not running: start it (weft lab node restart n2 --name " + t.layout.name() + ")")
                    .containsPattern("✗ routes.peers +no route to n1's " + java.util.regex.Pattern.quote(n1Subnet) + "\n")
                    .contains("fix: the agent puts them back within a round: restart it if it is down");
            String n1Text = broken.out().substring(0, broken.out().indexOf("weft doctor: node n2"));
            assertThat(n1Text).as(broken.out()).doesNotContain("✗") // n2's lease holds for its TTL: n1 still sees its peer
                    .contains("advice: macvlan\n  1. macvlan chosen (segment.pool): the segment accepts extra MACs");
            System.err.println(broken.out());
        }
    }

    @Test
    void l3_hostGwRefusedByTheOnLinkProbe_vxlanAdvised() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(2, "vxlan", Topology.L3, false);
            Proc.Result res = doctor(t);
            for (Report r : Report.parse(res.out())) {
                Reason hostGw = r.advice().reasons().stream().filter(x -> x.backend() == Backend.HOST_GW).findFirst().orElseThrow();
                assertThat(hostGw.accepted()).as(r.text()).isFalse();
                assertThat(hostGw.probe()).isEqualTo("peers.on-link");
                assertThat(hostGw.why()).contains("via router 172.30.");
                Reason bgp = r.advice().reasons().stream().filter(x -> x.backend() == Backend.BGP).findFirst().orElseThrow();
                assertThat(bgp.probe()).as(r.text()).isEqualTo("bgp.peer"); // routers between, but no BGP peer
                assertThat(r.advice().backend()).as(r.text()).contains(Backend.VXLAN);
                assertThat(find(r, "segment.extra-macs").status()).as(r.text()).isEqualTo(Status.INFO); // nobody on-link to probe
            }
            assertThat(res.exit()).as(res.out()).isZero();
        }
    }

    private Proc.Result doctor(TestLab t) {
        return WeftCli.run(null, Map.of(), "doctor", "--lab", t.layout.name(), "--lab-root", root.toString(), "-o", "json");
    }

    private static List<Finding> all(Report r) {
        return Stream.concat(r.environment().stream(), r.cluster().stream()).toList();
    }

    private static Finding find(Report r, String name) {
        return all(r).stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + name + " in\n" + r.text()));
    }
}
