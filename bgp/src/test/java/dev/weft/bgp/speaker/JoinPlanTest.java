package dev.weft.bgp.speaker;

import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpNode;
import dev.weft.bgp.BgpSettings;
import dev.weft.bgp.bird.BirdInput;
import dev.weft.bgp.bird.ProtocolStatus;
import dev.weft.bgp.bird.SessionState;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who opens each node session when a node joins, restarts, or leaves, on a clock the test moves. */
class JoinPlanTest {
    static final Cidr NET = Cidr.parse("10.244.0.0/16");
    static final Optional<Cidr> RANGE = Optional.of(Cidr.parse("192.0.2.0/24"));
    static final BgpNode N1 = node("n1", 11, 1);
    static final BgpNode N2 = node("n2", 12, 2);
    static final BgpNode N3 = node("n3", 13, 3);
    static final BgpNode FAR = new BgpNode("far", IpAddress.parse("198.51.100.9"), Cidr.parse("10.244.9.0/24"));

    static BgpNode node(String name, int host, int subnet) {
        return new BgpNode(name, IpAddress.parse("192.0.2." + host), Cidr.parse("10.244." + subnet + ".0/24"));
    }

    static BirdInput input(BgpNode self, BgpSettings s, BgpNode... all) {
        return new BirdInput(self, List.of(all), NET, 24, s);
    }

    /** A clock the test moves. */
    static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Moving clock = new Moving();
    final JoinPlan plan = new JoinPlan(clock);

    @Test
    void aBirdStartedAfreshNamesEveryNode_theJoinerOpensAllItsSessions() {
        assertThat(plan.passive(input(N3, BgpSettings.DEFAULT, N1, N2, N3), RANGE, Optional.empty(), Set.of())).isEmpty();
    }

    @Test
    void aRunningBirdLeavesTheJoinerToTheRange_andKeepsItThereOnceItsSessionIsSpawned() {
        Optional<Set<String>> running = Optional.of(Set.of("n2"));
        assertThat(plan.passive(input(N1, BgpSettings.DEFAULT, N1, N2, N3), RANGE, running, Set.of()))
                .containsExactly("n3");
        clock.now = clock.now.plus(JoinPlan.GRACE.multipliedBy(3));
        assertThat(plan.passive(input(N1, BgpSettings.DEFAULT, N1, N2, N3), RANGE, running, Set.of(N3.address())))
                .containsExactly("n3");
    }

    @Test
    void aNodeWithNoSessionAfterTheGraceIsNamed() {
        Optional<Set<String>> running = Optional.of(Set.of("n2"));
        plan.passive(input(N1, BgpSettings.DEFAULT, N1, N2, N3), RANGE, running, Set.of());
        clock.now = clock.now.plus(JoinPlan.GRACE.minusSeconds(1));
        assertThat(plan.passive(input(N1, BgpSettings.DEFAULT, N1, N2, N3), RANGE, running, Set.of())).containsExactly("n3");
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertThat(plan.passive(input(N1, BgpSettings.DEFAULT, N1, N2, N3), RANGE, running, Set.of())).isEmpty();
    }

    @Test
    void namedSessionsStayNamed_andNodesOutsideTheRangeAreAlwaysNamed() {
        Optional<Set<String>> running = Optional.of(Set.of("n2", "n3"));
        assertThat(plan.passive(input(N1, BgpSettings.DEFAULT, N1, N2, N3, FAR), RANGE, running,
                Set.of(N2.address(), FAR.address()))).isEmpty();
    }

    @Test
    void withoutARangeOrWithTheMeshOffNothingIsPassive() {
        assertThat(plan.passive(input(N1, BgpSettings.DEFAULT, N1, N2, N3), Optional.empty(), Optional.of(Set.of()),
                Set.of())).isEmpty();
        BgpSettings off = new BgpSettings(BgpConfig.DEFAULT.withMesh(false), List.of());
        assertThat(plan.passive(input(N1, off, N1, N2, N3), RANGE, Optional.of(Set.of()), Set.of())).isEmpty();
    }

    @Test
    void aReflectorLeavesEveryClientInItsRangeToIt_whatever_itRan_andClientsNameTheReflectors() {
        BgpSettings rr = new BgpSettings(BgpConfig.DEFAULT.withReflector("n1", true).withReflector("n2", true), List.of());
        assertThat(plan.passive(input(N1, rr, N1, N2, N3, FAR), RANGE, Optional.empty(), Set.of())).containsExactly("n3");
        assertThat(plan.passive(input(N3, rr, N1, N2, N3), RANGE, Optional.of(Set.of("n1", "n2")), Set.of())).isEmpty();
    }

    static ProtocolStatus spawned(String name, String state, String neighbor) {
        return new ProtocolStatus(name, "BGP", state, Optional.empty(), "", "nodes in 192.0.2.0/24 (ibgp, dynamic)",
                Optional.of(new ProtocolStatus.Bgp(state.equals("up") ? SessionState.ESTABLISHED : SessionState.DOWN,
                        Optional.of(IpAddress.parse(neighbor)), OptionalLong.of(64512), "", 1, 1)));
    }

    @Test
    void spawnedSessionsOfAddressesNoNodeHasAreDisabled_andEnabledWhenANodeIsBack() {
        List<ProtocolStatus> ps = List.of(spawned("dyn_1", "up", "192.0.2.12"), spawned("dyn_2", "up", "192.0.2.13"),
                spawned("dyn_3", "down", "192.0.2.14"), spawned("dyn_4", "down", "192.0.2.15"),
                new ProtocolStatus("node_n9", "BGP", "up", Optional.empty(), "", "node n9 (ibgp)", Optional.empty()));
        JoinPlan.Tidy t = JoinPlan.tidy(ps, Set.of(IpAddress.parse("192.0.2.12"), IpAddress.parse("192.0.2.14")));
        assertThat(t.disable()).containsExactly("dyn_2");
        assertThat(t.enable()).containsExactly("dyn_3");
        assertThat(JoinPlan.liveSpawned(ps)).containsExactlyInAnyOrder(IpAddress.parse("192.0.2.12"),
                IpAddress.parse("192.0.2.13"));
    }
}
