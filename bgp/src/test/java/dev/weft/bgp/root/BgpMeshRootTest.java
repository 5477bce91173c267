package dev.weft.bgp.root;

import dev.weft.bgp.Asn;
import dev.weft.bgp.BgpPeer;
import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.frr.FrrConfig;
import dev.weft.bgp.frr.FrrRouter;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.bgp.testing.BgpLab;
import dev.weft.bgp.testing.BgpLab.Node;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.testkit.Await;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Three nodes on one fabric bridge, each with its own BIRD, in an iBGP full mesh. */
@RequiresRoot("creates network namespaces and runs BIRD and FRR in them")
class BgpMeshRootTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    BgpLab lab;
    Node n1;
    Node n2;
    Node n3;

    @BeforeEach
    void threeNodes() {
        lab = new BgpLab(netns, tmp);
        n1 = lab.node("n1", "192.0.2.11/24", 1, Optional.empty());
        n2 = lab.node("n2", "192.0.2.12/24", 2, Optional.empty());
        n3 = lab.node("n3", "192.0.2.13/24", 3, Optional.empty());
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void everyNodeRoutesEveryOtherNodesSubnetViaThatNode() {
        lab.ensureAll();
        lab.awaitMesh();
        for (Node n : lab.nodes()) {
            assertThat(BgpLab.birdRoutes(n.netns())).as(n.name() + " has exactly the two other subnets").hasSize(2)
                    .allSatisfy(r -> assertThat(r).contains("proto bird", "metric 119"));
        }
        Await.until(BgpLab.CONVERGE, () -> n1.speaker().status().in(SessionState.ESTABLISHED).size() == 2, "n1 status");
        BgpStatus s = n1.speaker().status();
        assertThat(s.sessions()).extracting(SessionStatus::name, SessionStatus::kind, SessionStatus::role,
                SessionStatus::neighbor, SessionStatus::routesLearned).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("n2", "node", "ibgp", "192.0.2.12", 1L),
                org.assertj.core.groups.Tuple.tuple("n3", "node", "ibgp", "192.0.2.13", 1L));
        String table = BgpStatus.table(List.of(s));
        assertThat(table).contains("Established").startsWith("NODE  SESSION");
        assertThat(BgpStatus.json(List.of(s))).contains("\"state\" : \"Established\"", "\"routesLearned\" : 1");
    }

    @Test
    void aDefaultRouteOrTheReceiversOwnSubnetFromAPeerIsNotInstalled() throws Exception {
        // A peer announcing a default route, n1's own subnet, a prefix outside the cluster, the cluster as a whole.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String rogueNs = lab.fabric().node("rogue", "192.0.2.66/24");
        lab.bgp.addPeer(BgpPeer.global("rogue", IpAddress.parse("192.0.2.66"), new Asn(65066)));
        try (FrrRouter rogue = FrrRouter.start("wbrog" + ProcessHandle.current().pid(), tmp.resolve("rogue"),
                Optional.of(Path.of(Netns.path(rogueNs))), new FrrConfig("rogue", IpAddress.parse("192.0.2.66"),
                        new Asn(65066), List.of(), List.of(new FrrConfig.ListenRange(Cidr.parse("192.0.2.0/24"), new Asn(64512))),
                        List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.244.1.0/24"), Cidr.parse("10.250.0.0/24"),
                                Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.77.0/24")), 3, 9, Optional.empty()))) {
            lab.ensureAll();
            lab.awaitMesh();
            // The rogue's one acceptable prefix (a node subnet nobody holds) shows its routes do arrive...
            for (Node n : lab.nodes()) {
                BgpLab.awaitRoute(n, "10.244.77.0/24", "192.0.2.66");
            }
            // ...and n1 took nothing else from it; n2 and n3 route n1's subnet via n1, not via the rogue.
            assertThat(BgpLab.birdRoutes(n1.netns())).noneMatch(r -> r.startsWith("default") || r.startsWith("10.244.1.0/24")
                    || r.startsWith("10.250.") || r.startsWith("10.244.0.0/16"));
            for (Node n : List.of(n2, n3)) {
                assertThat(BgpLab.route(n, "10.244.1.0/24")).get().asString().contains("via 192.0.2.11 ");
                assertThat(BgpLab.birdRoutes(n.netns())).noneMatch(r -> r.startsWith("default") || r.startsWith("10.250.")
                        || r.startsWith("10.244.0.0/16"));
            }
            assertThat(n1.speaker().status().sessions()).filteredOn(s -> s.name().equals("rogue")).singleElement()
                    .satisfies(s -> assertThat(s.role()).isEqualTo("ebgp"));
        }
    }

    @Test
    void aPeerThatNeverAnswersIsReportedAndBlocksNothing() {
        lab.bgp.addPeer(BgpPeer.global("ghost", IpAddress.parse("192.0.2.99"), new Asn(65000)));
        lab.ensureAll();
        lab.awaitMesh();
        Await.until(BgpLab.CONVERGE, () -> n2.speaker().status().in(SessionState.ESTABLISHED).size() == 2, "n2's node sessions");
        SessionStatus ghost = n2.speaker().status().sessions().stream().filter(s -> s.name().equals("ghost")).findFirst()
                .orElseThrow();
        assertThat(ghost.kind()).isEqualTo("peer");
        assertThat(ghost.state()).isIn(SessionState.CONNECT, SessionState.ACTIVE, SessionState.IDLE);
        assertThat(ghost.routesLearned()).isZero();
        assertThat(BgpStatus.table(List.of(n2.speaker().status()))).contains("ghost").contains("Established");
    }

    @Test
    void aRemovedNodesRoutesAreWithdrawnEverywhere() {
        lab.ensureAll();
        lab.awaitMesh();
        long start = System.nanoTime();
        n3.speaker().withdraw();
        lab.subnets.releaseNode("n3");
        lab.ensure(n1);
        lab.ensure(n2);
        Await.until(BgpLab.CONVERGE, () -> BgpLab.route(n1, "10.244.3.0/24").isEmpty()
                && BgpLab.route(n2, "10.244.3.0/24").isEmpty(), "n3's subnet gone from n1 and n2");
        System.err.printf("node removal: n3's routes gone from n1 and n2 in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(BgpLab.birdRoutes(n1.netns())).hasSize(1);
        assertThat(n1.speaker().status().sessions()).extracting(SessionStatus::name).containsExactly("n2");
    }

    @Test
    void aNodeThatGoesSilentIsWithdrawnWhenTheHoldTimerExpires() {
        lab.ensureAll();
        lab.awaitMesh();
        // Cut n3 off without closing anything: its BIRD keeps running, its packets go nowhere.
        Proc.sh("ip", "-n", n3.netns(), "link", "set", "eth0", "down");
        long start = System.nanoTime();
        Await.until(BgpLab.CONVERGE, () -> BgpLab.route(n1, "10.244.3.0/24").isEmpty()
                && BgpLab.route(n2, "10.244.3.0/24").isEmpty(), "n3's subnet withdrawn by hold timer expiry");
        System.err.printf("hold timer (9 s): n3's routes gone from n1 and n2 %d ms after the link went down%n",
                (System.nanoTime() - start) / 1_000_000);
        assertThat(BgpLab.route(n1, "10.244.2.0/24")).as("n2 is untouched").isPresent();
    }
}
