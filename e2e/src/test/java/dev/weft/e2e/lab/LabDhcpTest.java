package dev.weft.e2e.lab;

import dev.weft.dhcp.daemon.DaemonClient;
import dev.weft.dhcp.daemon.HolderUnavailableException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.lab.LabDhcp;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.testkit.Await;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code weft lab up --ipam dhcp}: dnsmasq in the fabric hands out pod addresses through weft-dhcp,
 * whose leases each node's agent (a process) holds; an agent killed and restarted resumes them.
 * On the macvlan backend, the underlay pods take their addresses from dnsmasq instead of the
 * cluster pool. Two labs of two nodes, ~20-30 s each.
 */
@RequiresRoot
class LabDhcpTest {
    @TempDir
    Path root;

    @Test
    void podsGetLeasesFromTheFabricAndAnAgentRestartKeepsRenewingThem() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.lab.withDhcp();
            t.up(2, "vxlan", Topology.L2, false);
            List<LabState.Pod> pods = t.onePodPerNode();
            for (LabState.Pod p : pods) {
                assertThat(p.ip()).matches("172\\.30\\.0\\.(1[2-9]\\d|2[0-5]\\d)");
                assertThat(expiry(t, p.ip())).as("dnsmasq leased " + p.ip()).isPresent();
            }
            Reachability.Matrix m = t.matrix();
            assertThat(m.allReachable()).as(m.render()).isTrue();

            // the agent's socket renews on demand; dnsmasq sees it
            LabState.Pod p1 = t.state().requirePod("n1-p1");
            Attachment a = Attachment.of(p1.netns(), "weft-lab", "eth0");
            DaemonClient n1 = new DaemonClient(LabDhcp.socket(t.layout, "n1"));
            long before = expiry(t, p1.ip()).orElseThrow();
            Thread.sleep(1100); // dnsmasq's expiry has one-second resolution
            assertThat(n1.renewNow(a, Duration.ofSeconds(5)).address().address().toString()).isEqualTo(p1.ip());
            Await.until(Duration.ofSeconds(5), () -> expiry(t, p1.ip()).orElse(0L) > before, "dnsmasq saw the renewal");

            // kill -9 the agent and start it again: it resumes the lease (dnsmasq sees its REQUEST) and renews on
            long renewed = expiry(t, p1.ip()).orElseThrow();
            Thread.sleep(1100);
            t.lab.restartAgent("n1", true);
            Await.until(Duration.ofSeconds(60), () -> expiry(t, p1.ip()).orElse(0L) > renewed,
                    "the restarted agent confirmed the lease (a JVM start: slow on a busy machine)");
            // its socket comes up just after the resumed lease's REQUEST went out: until then, not yet
            Await.until(Duration.ofSeconds(60), () -> served(n1, a), "the restarted agent holds the lease");
            long resumed = expiry(t, p1.ip()).orElseThrow();
            Thread.sleep(1100);
            n1.renewNow(a, Duration.ofSeconds(5));
            Await.until(Duration.ofSeconds(5), () -> expiry(t, p1.ip()).orElse(0L) > resumed, "a renewal after the restart");
            assertThat(Proc.inNetns(p1.netns(), "ip", "-o", "-4", "addr", "show", "eth0").check().out()).contains(p1.ip() + "/24");
            assertThat(t.matrix().allReachable()).isTrue();

            // DEL releases the lease at dnsmasq
            t.pods.del("n1-p1");
            Await.until(Duration.ofSeconds(5), () -> expiry(t, p1.ip()).isEmpty(), "dnsmasq freed " + p1.ip());
            assertThat(n1.held()).isEmpty();
        }
    }

    @Test
    void macvlanBackendPodsTakeTheirAddressesFromTheSegmentsDhcpServer() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.lab.withDhcp();
            t.up(2, "macvlan", Topology.L2, false);
            List<LabState.Pod> pods = new java.util.ArrayList<>(t.onePodPerNode());
            pods.add(t.pods.add("n1", "n1-p2", java.util.Map.of()));
            for (LabState.Pod p : pods) {
                assertThat(p.ip()).as(p.name() + ": from dnsmasq's range, not the pool's").matches("172\\.30\\.0\\.(1[2-9]\\d|2[0-5]\\d)");
                assertThat(expiry(t, p.ip())).as("dnsmasq leased " + p.ip()).isPresent();
                assertThat(TestLab.ipIn(p.netns(), "-d", "link", "show", "eth0")).contains("macvlan mode bridge");
                assertThat(Proc.inNetns(t.nodeNs(p.node()), "ping", "-c", "1", "-W", "2", p.ip()).ok())
                        .as(p.node() + " reaches its own pod " + p.name() + " through the shim").isTrue();
                assertThat(Proc.inNetns(t.layout.outsideNs(), "ping", "-c", "1", "-W", "2", p.ip()).ok())
                        .as("the outside host reaches " + p.name()).isTrue();
            }
            assertThat(pods.stream().map(LabState.Pod::ip).distinct()).hasSize(pods.size());
            Reachability.Matrix m = t.matrix();
            assertThat(m.allReachable()).as(m.render()).isTrue();

            LabState.Pod gone = pods.removeLast();
            t.pods.del(gone.name());
            Await.until(Duration.ofSeconds(5), () -> expiry(t, gone.ip()).isEmpty(), "dnsmasq freed " + gone.ip());
            Await.until(Duration.ofSeconds(10), () -> !TestLab.ipIn(t.nodeNs("n1"), "route", "show", "dev", "weft.shim")
                    .contains(gone.ip() + " "), "the shim's route to the deleted pod goes");
            assertThat(new DaemonClient(LabDhcp.socket(t.layout, "n1")).held()).hasSize(1);
        }
    }

    private static boolean served(DaemonClient holder, Attachment a) {
        try {
            return holder.lease(a).isPresent();
        } catch (HolderUnavailableException e) {
            return false;
        }
    }

    private static Optional<Long> expiry(TestLab t, String ip) {
        Path f = LabDhcp.leaseFile(t.layout);
        try {
            return !Files.exists(f) ? Optional.empty() : Files.readAllLines(f).stream().map(l -> l.split(" "))
                    .filter(x -> x.length > 2 && x[2].equals(ip)).map(x -> Long.parseLong(x[0])).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
