package dev.weft.e2e.lab;

import dev.weft.lab.LabLayout;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Scenario;
import dev.weft.lab.Topology;
import dev.weft.lab.Verify;
import dev.weft.net.IpAddress;
import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The macvlan (underlay) backend on one two-node lab, kept lean (one lab for everything): pods
 * are weft-macvlan devices with weft-ipam addresses on the segment and the segment's router as
 * their gateway; every pod reaches every other (same node and across); an outside host of the
 * segment reaches them directly and they see its own address (no NAT); each node reaches its own
 * pods through its shim, whose routes follow pods coming and going; and every shipped policy
 * scenario passes with policy enforced inside the pods' namespaces.
 */
@RequiresRoot
class MacvlanLabTest {
    @TempDir
    Path root;

    @Test
    void underlayPodsReachEachOtherTheOutsideAndTheirNodeAndPolicyHolds() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(2, "macvlan", Topology.L2, false);
            List<LabState.Pod> pods = new ArrayList<>(t.onePodPerNode());
            pods.add(t.pods.add("n1", "n1-p2", Map.of()));
            for (LabState.Pod p : pods) {
                IpAddress ip = IpAddress.parse(p.ip());
                assertThat(LabLayout.SEGMENT.contains(ip)).as(p.name() + " " + ip + " on the segment").isTrue();
                assertThat(ip.compareTo(IpAddress.parse("172.30.0.64"))).as("outside the excluded range").isNotNegative();
                assertThat(TestLab.ipIn(p.netns(), "-d", "link", "show", "eth0")).contains("macvlan mode bridge");
                assertThat(TestLab.ipIn(p.netns(), "route")).contains("default via " + LabLayout.SEGMENT_ROUTER);
            }
            assertThat(pods.stream().map(LabState.Pod::ip).distinct()).hasSize(pods.size());

            Reachability.Matrix m = t.matrix();
            assertThat(m.allReachable()).as(m.render()).isTrue();

            for (LabState.Pod p : pods) {
                assertThat(Proc.inNetns(t.layout.outsideNs(), "ping", "-c", "1", "-W", "2", p.ip()).ok())
                        .as("outside host pings " + p.name()).isTrue();
                assertThat(Proc.inNetns(t.nodeNs(p.node()), "ping", "-c", "1", "-W", "2", p.ip()).ok())
                        .as(p.node() + " pings its own pod " + p.name()).isTrue();
                assertThat(TestLab.ipIn(t.nodeNs(p.node()), "route", "get", p.ip())).contains("dev weft.shim");
            }
            assertThat(peerSeenBy(pods.getFirst(), t.layout.outsideNs())).as("no NAT: the pod sees the outside host")
                    .isEqualTo(LabLayout.OUTSIDE_IP.toString());

            LabState.Pod gone = pods.removeLast();
            t.pods.del(gone.name());
            for (int i = 0; i < 100 && TestLab.ipIn(t.nodeNs("n1"), "route", "show", "dev", "weft.shim").contains(gone.ip()); i++) {
                Thread.sleep(100);
            }
            assertThat(TestLab.ipIn(t.nodeNs("n1"), "route", "show", "dev", "weft.shim"))
                    .as("the shim's route to a deleted pod goes").doesNotContain(gone.ip() + " ")
                    .contains(pods.getFirst().ip());
            for (LabState.Pod p : pods) {
                t.pods.del(p.name());
            }

            List<Scenario> scenarios = PolicyLabTest.shipped();
            assertThat(scenarios).hasSizeGreaterThanOrEqualTo(9);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            for (Scenario sc : scenarios) {
                int failed = new Verify(t.layout, new PrintStream(log, true)).run(sc);
                assertThat(failed).as(sc.name() + "\n" + log).isZero();
            }
        }
    }

    /** The address a TCP listener in {@code pod} sees when a host in namespace {@code from} connects. */
    private static String peerSeenBy(LabState.Pod pod, String from) throws Exception {
        try (NetNs podNs = NetNs.named(pod.netns()); NetNs fromNs = NetNs.named(from)) {
            ServerSocket listener = podNs.run(() -> new ServerSocket(7788, 4, InetAddress.getByName(pod.ip())));
            try (listener) {
                CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = listener.accept()) {
                        return s.getInetAddress().getHostAddress();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                fromNs.run(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getByName(pod.ip()), 7788), 3000);
                    }
                    return null;
                });
                return seen.get(5, TimeUnit.SECONDS);
            }
        }
    }
}
