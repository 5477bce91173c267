package dev.weft.bgp.root;

import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.bgp.testing.BgpLab;
import dev.weft.bgp.testing.BgpLab.Node;
import dev.weft.net.IpAddress;
import dev.weft.testkit.Await;
import dev.weft.testkit.Netns;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Two route reflectors and two clients: clients peer only with the reflectors and still learn everything. */
@RequiresRoot("creates network namespaces and runs BIRD in them")
class RouteReflectorRootTest {
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
    void clientsLearnEachOtherThroughTwoReflectorsAndSurviveLosingOne() {
        lab = new BgpLab(netns, tmp);
        Node rr1 = lab.node("rr1", "192.0.2.11/24", 1, Optional.empty());
        Node rr2 = lab.node("rr2", "192.0.2.12/24", 2, Optional.empty());
        Node c1 = lab.node("c1", "192.0.2.13/24", 3, Optional.empty());
        Node c2 = lab.node("c2", "192.0.2.14/24", 4, Optional.empty());
        lab.bgp.update(c -> c.withReflector("rr1", true).withReflector("rr2", true)
                .withReflectorClusterId(Optional.of(IpAddress.parse("244.0.0.1"))));
        lab.ensureAll();
        lab.awaitMesh();
        Await.until(BgpLab.CONVERGE, () -> c1.speaker().status().sessions().stream()
                .allMatch(s -> s.state() == dev.weft.bgp.bird.SessionState.ESTABLISHED), "c1's sessions up");
        assertThat(c1.speaker().status().sessions()).extracting(SessionStatus::name, SessionStatus::role)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("rr1", "ibgp"),
                        org.assertj.core.groups.Tuple.tuple("rr2", "ibgp"));
        assertThat(rr1.speaker().status().sessions()).extracting(SessionStatus::name, SessionStatus::role)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("rr2", "ibgp"),
                        org.assertj.core.groups.Tuple.tuple("c1", "rr-client"), org.assertj.core.groups.Tuple.tuple("c2", "rr-client"));
        // c1 learned c2's subnet from both reflectors (one route each), with c2 as the next hop.
        Await.until(BgpLab.CONVERGE, () -> c1.speaker().bird().control().learnedRoutes().stream()
                .filter(r -> r.net().toString().equals("10.244.4.0/24")).count() == 2, "c1 learns c2's subnet twice");

        rr1.speaker().withdraw();
        lab.ensure(c1);
        lab.ensure(c2);
        Await.until(BgpLab.CONVERGE, () -> c1.speaker().bird().control().learnedRoutes().stream()
                .filter(r -> r.net().toString().equals("10.244.4.0/24")).count() == 1, "c1 keeps c2's subnet via rr2");
        assertThat(BgpLab.route(c1, "10.244.4.0/24")).get().asString().contains("via 192.0.2.14 ");
        assertThat(BgpLab.route(c1, "10.244.1.0/24")).as("rr1's own subnet left with it").isEmpty();
    }
}
