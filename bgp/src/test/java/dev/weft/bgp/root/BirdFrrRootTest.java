package dev.weft.bgp.root;

import dev.weft.bgp.Asn;
import dev.weft.bgp.BgpPeer;
import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.frr.FrrConfig;
import dev.weft.bgp.frr.FrrRouter;
import dev.weft.bgp.testing.BgpLab;
import dev.weft.bgp.testing.BgpLab.Node;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.testkit.Await;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's l3 topology: two subnets joined by a router namespace running FRR bgpd (AS 65000), nodes
 * (AS 64512) in both, mesh off, every node in eBGP with the router.
 */
@RequiresRoot("creates network namespaces and runs BIRD and FRR in them")
class BirdFrrRootTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    BgpLab lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void nodesInTwoSubnetsLearnEachOtherThroughTheRouter() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // FRR runs as user frr
        lab = new BgpLab(netns, tmp);
        String router = lab.fabric().router("192.168.1.1/24", "192.168.2.1/24");
        Node a1 = lab.node("a1", "192.168.1.11/24", 1, Optional.of("192.168.1.1"));
        Node a2 = lab.node("a2", "192.168.1.12/24", 2, Optional.of("192.168.1.1"));
        Node b1 = lab.node("b1", "192.168.2.13/24", 3, Optional.of("192.168.2.1"));
        lab.bgp.update(c -> c.withMesh(false));
        for (Node n : List.of(a1, a2)) {
            lab.bgp.addPeer(new BgpPeer("tor-" + n.name(), IpAddress.parse("192.168.1.1"), new Asn(65000), Optional.of(n.name()),
                    List.of()));
        }
        lab.bgp.addPeer(new BgpPeer("tor-b1", IpAddress.parse("192.168.2.1"), new Asn(65000), Optional.of("b1"), List.of()));
        FrrConfig tor = new FrrConfig("tor", IpAddress.parse("192.168.1.1"), new Asn(65000), List.of(),
                List.of(new FrrConfig.ListenRange(Cidr.parse("192.168.1.0/24"), new Asn(64512)),
                        new FrrConfig.ListenRange(Cidr.parse("192.168.2.0/24"), new Asn(64512))),
                List.of(Cidr.parse("0.0.0.0/0")), 3, 9, Optional.of(tmp.resolve("frr/frr.log")));
        try (FrrRouter frr = FrrRouter.start("wbtor" + ProcessHandle.current().pid(), tmp.resolve("frr"),
                Optional.of(Path.of(Netns.path(router))), tor)) {
            lab.ensureAll();
            // The router learns every node's subnet from that node.
            Await.until(BgpLab.CONVERGE, () -> {
                String routes = Proc.run("ip", "-n", router, "route", "show", "proto", "bgp").out();
                return routes.contains("10.244.1.0/24 nhid") && routes.contains("10.244.2.0/24 nhid")
                        && routes.contains("10.244.3.0/24 nhid");
            }, "FRR installs the three node subnets; it has " + Proc.run("ip", "-n", router, "route").out()
                    + frr.vtysh("show bgp summary"));
            assertThat(Proc.run("ip", "-n", router, "route", "show", "10.244.1.0/24").out()).contains("via 192.168.1.11");
            assertThat(Proc.run("ip", "-n", router, "route", "show", "10.244.3.0/24").out()).contains("via 192.168.2.13");
            // Nodes learn each other's through it: same subnet keeps the node as next hop, the other subnet the router.
            BgpLab.awaitRoute(a1, "10.244.2.0/24", "192.168.1.12");
            BgpLab.awaitRoute(a1, "10.244.3.0/24", "192.168.1.1");
            BgpLab.awaitRoute(a2, "10.244.1.0/24", "192.168.1.11");
            BgpLab.awaitRoute(b1, "10.244.1.0/24", "192.168.2.1");
            BgpLab.awaitRoute(b1, "10.244.2.0/24", "192.168.2.1");
            // The router's default route is refused (no accept configured).
            for (Node n : lab.nodes()) {
                assertThat(BgpLab.birdRoutes(n.netns())).noneMatch(r -> r.startsWith("default"));
                assertThat(n.speaker().status().in(SessionState.ESTABLISHED)).extracting(s -> s.role()).containsExactly("ebgp");
            }
            // And pod subnets are reachable across the router: an address of b1's subnet answers a ping from a1's.
            Proc.sh("ip", "-n", b1.netns(), "addr", "add", "10.244.3.1/32", "dev", "lo");
            Proc.sh("ip", "-n", a1.netns(), "addr", "add", "10.244.1.1/32", "dev", "lo");
            Proc.Result ping = Proc.inNetns(a1.netns(), "ping", "-c", "1", "-W", "2", "-I", "10.244.1.1", "10.244.3.1");
            assertThat(ping.exit()).as(ping.out() + ping.err()).isZero();
        }
    }

    @Test
    void anExplicitPeerMayBeGivenADefaultRoute() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        lab = new BgpLab(netns, tmp);
        String router = lab.fabric().node("router", "192.168.1.1/24");
        Node a1 = lab.node("a1", "192.168.1.11/24", 1, Optional.empty());
        lab.bgp.update(c -> c.withMesh(false));
        lab.bgp.addPeer(BgpPeer.parse("tor", "192.168.1.1", "65000", null, List.of("0.0.0.0/0")));
        FrrConfig tor = new FrrConfig("tor", IpAddress.parse("192.168.1.1"), new Asn(65000),
                List.of(new FrrConfig.Neighbor(IpAddress.parse("192.168.1.11"), new Asn(64512))), List.of(),
                List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("198.51.100.0/24")), 3, 9, Optional.empty());
        try (FrrRouter frr = FrrRouter.start("wbtor" + ProcessHandle.current().pid(), tmp.resolve("frr"),
                Optional.of(Path.of(Netns.path(router))), tor)) {
            lab.ensure(a1);
            BgpLab.awaitRoute(a1, "default", "192.168.1.1");
            assertThat(BgpLab.birdRoutes(a1.netns())).as("only what was configured").hasSize(1);
        }
    }
}
