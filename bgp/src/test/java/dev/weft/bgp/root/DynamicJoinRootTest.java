package dev.weft.bgp.root;

import dev.weft.bgp.BgpTimers;
import dev.weft.bgp.bird.ApplyResult;
import dev.weft.bgp.bird.BirdConfig;
import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.bgp.testing.BgpLab;
import dev.weft.bgp.testing.BgpLab.Node;
import dev.weft.cluster.SubnetLease;
import dev.weft.net.Cidr;
import dev.weft.testkit.Await;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic BGP with real BIRDs: a node that joins a running mesh changes no other node's
 * configuration (their node range takes its sessions), is reported by name, and once it dies and
 * its lease is gone its spawned sessions are disabled, so its routes go without waiting for the
 * hold timer or graceful restart.
 */
@RequiresRoot("creates network namespaces and runs BIRD in them")
class DynamicJoinRootTest {
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
    void aJoinReconfiguresOnlyTheJoiner_andARemovedDeadNodesRoutesGoAtTheNextRound() throws Exception {
        lab = new BgpLab(netns, tmp).withNodeRange(Cidr.parse("192.0.2.0/24"));
        Node n1 = lab.node("n1", "192.0.2.11/24", 1, Optional.empty());
        Node n2 = lab.node("n2", "192.0.2.12/24", 2, Optional.empty());
        lab.ensureAll();
        lab.awaitMesh();
        String n1Conf = Files.readString(tmp.resolve("n1/bird.conf"));

        Node n3 = lab.node("n3", "192.0.2.13/24", 3, Optional.empty());
        assertThat(lab.ensure(n1).outcome()).isEqualTo(ApplyResult.Outcome.UNCHANGED);
        assertThat(lab.ensure(n2).outcome()).isEqualTo(ApplyResult.Outcome.UNCHANGED);
        assertThat(lab.ensure(n3).outcome()).isEqualTo(ApplyResult.Outcome.STARTED);
        lab.awaitMesh();
        assertThat(Files.readString(tmp.resolve("n1/bird.conf"))).isEqualTo(n1Conf).doesNotContain("192.0.2.13");
        Await.until(BgpLab.CONVERGE, () -> n1.speaker().status().in(SessionState.ESTABLISHED).size() == 2, "n1's sessions");
        assertThat(n1.speaker().status().sessions()).extracting(SessionStatus::name, SessionStatus::kind,
                SessionStatus::role, SessionStatus::neighbor).contains(
                org.assertj.core.groups.Tuple.tuple("n3", "node", "ibgp", "192.0.2.13"));
        assertThat(lab.ensure(n1).outcome()).as("n1 keeps leaving n3 to its range").isEqualTo(ApplyResult.Outcome.UNCHANGED);

        // n3 dies without a word: n1 keeps its routes as stale (graceful restart) until its lease is gone
        n3.speaker().close();
        Proc.sh("kill", "-9", Long.toString(n3.speaker().bird().pid().orElseThrow()));
        Await.until(BgpLab.CONVERGE, () -> n1.speaker().status().sessions().stream()
                .noneMatch(s -> s.name().equals("n3") && s.state() == SessionState.ESTABLISHED), "n1's session with n3 down");
        assertThat(BgpLab.route(n1, "10.244.3.0/24")).as("kept as stale").isPresent();
        SubnetLease gone = lab.subnets.leases().stream().filter(l -> l.node().equals("n3")).findFirst().orElseThrow();
        lab.subnets.release(gone);
        assertThat(lab.ensure(n1).outcome()).as("no configure: the spawned session is disabled")
                .isEqualTo(ApplyResult.Outcome.UNCHANGED);
        Await.until(Duration.ofSeconds(30), () -> BgpLab.route(n1, "10.244.3.0/24").isEmpty(),
                "n1 dropped n3's subnet (graceful restart alone would keep it 120 s)");
        assertThat(BgpLab.route(n1, "10.244.2.0/24")).as("n2's route stays").isPresent();
    }

    @Test
    void aRestartedBirdNamesEveryNode_soNoPeerDropsItsRoutes_andItsRecoveryEndsWithTheSessions() throws Exception {
        lab = new BgpLab(netns, tmp).withNodeRange(Cidr.parse("192.0.2.0/24"));
        // a recovery that waited for restartWait would outlast the test
        lab.bgp.update(c -> c.withTimers(new BgpTimers(9, 3, 5, 120, 600)));
        Node n1 = lab.node("n1", "192.0.2.11/24", 1, Optional.empty());
        Node n2 = lab.node("n2", "192.0.2.12/24", 2, Optional.empty());
        lab.ensureAll();
        lab.awaitMesh();
        Node n3 = lab.node("n3", "192.0.2.13/24", 3, Optional.empty());
        lab.ensureAll();
        lab.awaitMesh();
        Path conf = tmp.resolve("n1/bird.conf");
        assertThat(BirdConfig.nodeSessionsIn(Files.readString(conf))).as("n1 leaves n3 to its range").containsExactly("n2");
        Await.until(BgpLab.CONVERGE, () -> n1.speaker().status().in(SessionState.ESTABLISHED).size() == 2, "n1's sessions");
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();

        try (AutoCloseable hook = n1.speaker().bird().onRestart(told::incrementAndGet);
             Daemon mon2 = Daemon.start("monitor n2", null, tmp.resolve("mon2.log"), "ip", "-n", n2.netns(), "monitor", "route");
             Daemon mon3 = Daemon.start("monitor n3", null, tmp.resolve("mon3.log"), "ip", "-n", n3.netns(), "monitor", "route")) {
            Thread.sleep(300); // the monitors are listening
            long old = n1.speaker().bird().pid().orElseThrow();
            ProcessHandle.of(old).orElseThrow().destroyForcibly();
            Await.until(BgpLab.CONVERGE, () -> told.get() == 1, "the supervisor restarted BIRD and told its listener");
            Await.until(BgpLab.CONVERGE, () -> n1.speaker().status().in(SessionState.ESTABLISHED).size() == 2,
                    "n1's sessions back");
            Path log = n1.speaker().bird().layout().log();
            Await.until(BgpLab.CONVERGE, () -> read(log).contains("Graceful restart done"),
                    "n1's recovery over with its sessions, long before restartWait's 600 s: " + read(log));
            assertThat(mon2.log() + mon3.log()).as("every session kept its forwarding state: no peer dropped n1's routes")
                    .doesNotContain("Deleted");
            assertThat(Files.readString(conf)).as("the recovery configuration: every node named, no listener")
                    .doesNotContain(BirdConfig.LISTENER);
            assertThat(BirdConfig.nodeSessionsIn(Files.readString(conf))).containsExactly("n2", "n3");
        }
        assertThat(lab.ensure(n1).outcome()).as("the next round adds the listener back").isEqualTo(ApplyResult.Outcome.RECONFIGURED);
        assertThat(Files.readString(conf)).contains(BirdConfig.LISTENER);
        assertThat(BirdConfig.nodeSessionsIn(Files.readString(conf))).containsExactly("n2", "n3");

        Node n4 = lab.node("n4", "192.0.2.14/24", 4, Optional.empty());
        assertThat(lab.ensure(n1).outcome()).as("a join after the recovery: n1's range takes it").isEqualTo(ApplyResult.Outcome.UNCHANGED);
        assertThat(lab.ensure(n4).outcome()).isEqualTo(ApplyResult.Outcome.STARTED);
        lab.ensure(n2);
        lab.ensure(n3);
        lab.awaitMesh();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
