package dev.weft.e2e.lab;

import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.testkit.Await;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bridge pods on a weft-ipam pool over host-gw, vxlan and bgp (issue #16: routing must handle borrowed
 * addresses), one lean three-node lab each: the pool 10.60.0.0/28 has two /29 blocks, so n1 and n2
 * claim one each and n3, finding none free (strict affinity off), borrows an address from one of
 * them. Pods carry /32 addresses behind the bridge's link-local gateway; every pod reaches every
 * other both ways, the borrowed one included, and each node its pods; once the borrower is
 * deleted its /32 routes are gone from every node and the blocks stay routed. On host-gw and vxlan
 * the agents route everything (protocol 87; on vxlan via the peers' VTEPs on the vxlan device); on bgp each node's BIRD announces its blocks and its borrowed /32
 * and installs the others' (protocol bird), the agent routes only its own share on-link (protocol 87);
 * on l3 the nodes sit on two subnets and learn each other's share from the FRR top-of-rack router,
 * each node importing from it only what the other nodes hold now.
 */
@RequiresRoot
class BridgePoolLabTest {
    private static final Cidr POOL = Cidr.parse("10.60.0.0/28");

    @TempDir
    Path root;

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} on {1}")
    @org.junit.jupiter.params.provider.CsvSource({"host-gw, l2", "vxlan, l2", "bgp, l2", "bgp, l3"})
    void aBorrowedAddressIsRoutedBothWaysAndItsRoutesGoWithIt(String backend, String topology) throws Exception {
        String peers = backend.equals("bgp") ? "12" : "87"; // RTPROT_BIRD or weft's 87: who installs the routes to peers' blocks and borrows
        java.nio.file.Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestLab t = new TestLab(root)) { // FRR (l3) runs as user frr: the lab's directory must be searchable
            t.lab.withBridgePool(POOL, 29);
            t.up(3, backend, Topology.parse(topology), false);
            List<LabState.Pod> pods = new ArrayList<>();
            for (String n : List.of("n1", "n2", "n3")) { // in turn: n1 and n2 take the two blocks, n3 must borrow
                pods.add(t.pods.add(n, n + "-p1", Map.of()));
            }
            pods.add(t.pods.add("n1", "n1-p2", Map.of())); // a second pod in n1's block: same-node pairs too
            for (LabState.Pod p : pods) {
                assertThat(POOL.contains(IpAddress.parse(p.ip()))).as(p.name() + " " + p.ip() + " from the pool").isTrue();
                assertThat(TestLab.ipIn(p.netns(), "-4", "addr", "show", "dev", "eth0")).contains("inet " + p.ip() + "/32");
                assertThat(TestLab.ipIn(p.netns(), "route")).contains("default via 169.254.1.1");
            }
            LabState.Pod borrower = pods.get(2);
            Cidr lent = Cidr.of(IpAddress.parse(borrower.ip()), 29);
            assertThat(lent).as("n3 holds no block: its address is in n1's or n2's")
                    .isIn(Cidr.of(IpAddress.parse(pods.get(0).ip()), 29), Cidr.of(IpAddress.parse(pods.get(1).ip()), 29));

            Await.until(Duration.ofSeconds(60), () -> hostRoute(t, "n1", peers, borrower.ip()).contains("via")
                    && hostRoute(t, "n2", peers, borrower.ip()).contains("via")
                    && hostRoute(t, "n3", "87", borrower.ip()).contains("dev weft0")
                    && routes(t, "n3", peers).contains(lent.toString()), "every node routing " + borrower.ip() + " to n3");
            Reachability.Matrix m = t.matrix();
            if (!m.allReachable()) {
                // seen once in CI (bgp, l2): pings to the newest pod lost for its first seconds, TCP fine; not
                // reproduced since. The requirement is every pair reachable once the pods are up: probe again
                // for 10 s, and keep the first matrix in the log
                System.err.println("first matrix not all reachable, probing again for 10 s:\n" + m.render());
                for (String n : List.of("n1", "n2", "n3")) { // what the next occurrence needs: neighbours, conntrack's invalid count
                    System.err.println(n + " neighbours:\n" + TestLab.ipIn(t.nodeNs(n), "neigh") + n + " conntrack stats:\n"
                            + dev.weft.testkit.Proc.inNetns(t.nodeNs(n), "cat", "/proc/net/stat/nf_conntrack").out());
                }
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!m.allReachable() && System.nanoTime() < until) {
                    Thread.sleep(500);
                    m = t.matrix();
                }
            }
            assertThat(m.allReachable()).as(m.render()).isTrue();
            for (LabState.Pod p : pods) {
                String node = t.state().requirePod(p.name()).node();
                assertThat(ping(t.nodeNs(node), p.ip())).as(node + " reaches its pod " + p.name()).isTrue();
            }
            assertThat(ping(t.nodeNs("n1"), borrower.ip())).as("n1 reaches the borrowed address on n3").isTrue();

            t.pods.del(borrower.name());
            Await.until(Duration.ofSeconds(60), () -> List.of("n1", "n2", "n3").stream()
                    .allMatch(n -> hostRoute(t, n, "87", borrower.ip()).isEmpty() && hostRoute(t, n, peers, borrower.ip()).isEmpty()),
                    "the borrow's /32 routes gone on every node");
            assertThat(routes(t, "n3", peers)).as("n3 still routes both blocks to their holders")
                    .contains(Cidr.of(IpAddress.parse(pods.get(0).ip()), 29) + " via")
                    .contains(Cidr.of(IpAddress.parse(pods.get(1).ip()), 29) + " via");
            Reachability.Matrix after = Reachability.probe(t.state().pods(), 7777, Duration.ofSeconds(2));
            assertThat(after.allReachable()).as(after.render()).isTrue();
        }
    }

    /** The routes of protocol {@code proto} (87: the agent's block routes; 12: BIRD's) in {@code node}'s namespace. */
    private static String routes(TestLab t, String node, String proto) {
        return TestLab.ipIn(t.nodeNs(node), "route", "show", "proto", proto);
    }

    /** {@code node}'s host route of protocol {@code proto} to {@code ip}, empty when there is none. */
    private static String hostRoute(TestLab t, String node, String proto, String ip) {
        return TestLab.ipIn(t.nodeNs(node), "route", "show", "proto", proto, ip + "/32").strip();
    }

    private static boolean ping(String netns, String ip) {
        return dev.weft.testkit.Proc.run(List.of("ip", "netns", "exec", netns, "ping", "-c", "1", "-W", "2", ip)).exit() == 0;
    }
}
