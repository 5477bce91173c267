package dev.weft.bgp.root;

import dev.weft.bgp.bird.ApplyResult;
import dev.weft.bgp.bird.BirdSupervisor;
import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.speaker.BgpSpeaker;
import dev.weft.bgp.testing.BgpLab;
import dev.weft.bgp.testing.BgpLab.Node;
import dev.weft.testkit.Await;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor with real BIRDs: bad configurations, a killed BIRD, an agent restart. */
@RequiresRoot("creates network namespaces and runs BIRD in them")
class BirdSupervisorRootTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    BgpLab lab;
    Node n1;
    Node n2;

    @BeforeEach
    void twoNodes() {
        lab = new BgpLab(netns, tmp);
        n1 = lab.node("n1", "192.0.2.11/24", 1, Optional.empty());
        n2 = lab.node("n2", "192.0.2.12/24", 2, Optional.empty());
        lab.ensureAll();
        lab.awaitMesh();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void aConfigurationThatFailsTheCheckIsRefusedAndTheSessionsStayUp() throws Exception {
        BirdSupervisor bird = n1.speaker().bird();
        String running = Files.readString(bird.layout().config());
        long pid = bird.pid().orElseThrow();
        ApplyResult r = bird.apply(running + "\nprotocol bgp broken { neighbor 192.0.2.99 as 0; }\n");
        assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.REJECTED);
        assertThat(r.detail()).contains("bird.conf.check").containsPattern(":\\d+:\\d+ ");
        assertThat(bird.problem()).get().asString().contains("refused by bird -p");
        assertThat(Files.readString(bird.layout().config())).as("the running file is untouched").isEqualTo(running);
        assertThat(bird.layout().rejected()).exists();
        assertThat(bird.pid()).contains(pid);
        assertThat(n1.speaker().status().in(SessionState.ESTABLISHED)).hasSize(1);
        assertThat(BgpLab.route(n1, "10.244.2.0/24")).isPresent();
        // The next good configuration applies and clears the problem.
        assertThat(lab.ensure(n1).outcome()).isEqualTo(ApplyResult.Outcome.UNCHANGED);
        assertThat(bird.apply(running + "\n# a comment\n").outcome()).isEqualTo(ApplyResult.Outcome.RECONFIGURED);
        assertThat(bird.problem()).isEmpty();
        assertThat(bird.layout().rejected()).doesNotExist();
        assertThat(n1.speaker().status().in(SessionState.ESTABLISHED)).hasSize(1);
    }

    @Test
    void aKilledBirdIsRestartedAndNoRouteFlaps() {
        try (Daemon mon1 = Daemon.start("monitor n1", null, tmp.resolve("mon1.log"), "ip", "-n", n1.netns(), "monitor", "route");
             Daemon mon2 = Daemon.start("monitor n2", null, tmp.resolve("mon2.log"), "ip", "-n", n2.netns(), "monitor", "route")) {
            sleep(300); // the monitors are listening
            long old = n1.speaker().bird().pid().orElseThrow();
            ProcessHandle.of(old).orElseThrow().destroyForcibly();
            Await.until(BgpLab.CONVERGE, () -> n1.speaker().bird().restarts() == 1
                    && n1.speaker().bird().pid().filter(p -> p != old).isPresent(), "BIRD restarted");
            Await.until(BgpLab.CONVERGE, () -> n1.speaker().status().in(SessionState.ESTABLISHED).size() == 1
                    && n2.speaker().status().in(SessionState.ESTABLISHED).size() == 1, "the session is back");
            BgpLab.awaitRoute(n1, "10.244.2.0/24", "192.0.2.12");
            BgpLab.awaitRoute(n2, "10.244.1.0/24", "192.0.2.11");
            assertThat(mon1.log() + mon2.log()).as("graceful restart: no route deleted on either side").doesNotContain("Deleted");
            assertThat(Files.exists(n1.speaker().bird().layout().log())).isTrue();
        }
    }

    @Test
    void anAgentRestartAdoptsTheRunningBird() {
        long pid = n1.speaker().bird().pid().orElseThrow();
        try (Daemon mon = Daemon.start("monitor n1", null, tmp.resolve("mon.log"), "ip", "-n", n1.netns(), "monitor", "route")) {
            sleep(300);
            n1.speaker().close(); // the agent goes away; BIRD stays
            BgpSpeaker again = BgpSpeaker.open("n1", tmp.resolve("n1"), Optional.of(Path.of(Netns.path(n1.netns()))));
            try {
                ApplyResult r = again.ensure(dev.weft.bgp.speaker.NodeInputs.read(lab.subnets, lab.bgp, "n1").orElseThrow());
                assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.UNCHANGED);
                assertThat(again.bird().pid()).contains(pid);
                assertThat(again.status().in(SessionState.ESTABLISHED)).hasSize(1);
                sleep(1000);
                assertThat(mon.log()).doesNotContain("Deleted");
            } finally {
                again.close();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
