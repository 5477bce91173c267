package dev.weft.overlay.udp;

import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.testkit.Await;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.weft.overlay.udp.TwoNodeLab.POD_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data path survives the agent: with the datapath run as its own process by a stand-in agent
 * on each node, both agents are killed with SIGKILL and started again under a steady ping; the new
 * agents find the running datapaths (same pids, not restarted) and no ping is lost.
 */
@RequiresRoot
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AgentRestartRootTest {
    private static final Pattern STARTED = Pattern.compile("datapath pid=(\\d+) started=(true|false)");

    @RegisterExtension
    final Netns ns = new Netns();
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DatapathKind.class, names = {"SIMPLE", "OFFLOAD"})
    void killingTheAgentLosesNoPacket(DatapathKind kind) throws Exception {
        TwoNodeLab lab = TwoNodeLab.build(ns, dir, 1472);
        List<Daemon> agents = new ArrayList<>();
        try {
            Daemon a1 = agent(lab, true, kind, "a1");
            Daemon b1 = agent(lab, false, kind, "b1");
            agents.addAll(List.of(a1, b1));
            long pidA = started(a1, true);
            long pidB = started(b1, true);
            Await.until(Duration.ofSeconds(30), () -> TwoNodeLab.ping(lab.podA, "-c", "1", "-W", "1", POD_B).ok(),
                    "overlay up; datapath log: " + log(lab, "a"));

            CompletableFuture<Proc.Result> pings = CompletableFuture.supplyAsync(() ->
                    TwoNodeLab.ping(lab.podA, "-i", "0.01", "-c", "500", "-W", "1", POD_B));
            Thread.sleep(1000);
            ProcessHandle.of(a1.pid()).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(b1.pid()).ifPresent(ProcessHandle::destroyForcibly);
            Await.until(Duration.ofSeconds(5), () -> !a1.alive() && !b1.alive(), "agents killed");
            assertThat(ProcessHandle.of(pidA).map(ProcessHandle::isAlive)).as("datapath A outlives its agent").contains(true);

            Daemon a2 = agent(lab, true, kind, "a2");
            Daemon b2 = agent(lab, false, kind, "b2");
            agents.addAll(List.of(a2, b2));
            assertThat(started(a2, false)).as("the new agent re-attaches to the running datapath").isEqualTo(pidA);
            assertThat(started(b2, false)).isEqualTo(pidB);

            Proc.Result r = pings.get(60, TimeUnit.SECONDS);
            assertThat(r.out()).as("ping across two agent kills").contains("500 packets transmitted, 500 received, 0% packet loss");
        } finally {
            agents.forEach(Daemon::close);
            DatapathProcess.stop(dir.resolve("a/state"));
            DatapathProcess.stop(dir.resolve("b/state"));
        }
    }

    private Daemon agent(TwoNodeLab lab, boolean a, DatapathKind kind, String name) {
        UdpOverlayConfig c = lab.config(a, Optional.of(kind), kind == DatapathKind.SIMPLE ? 1 : 2);
        String peers = a ? "10.244.2.0/24=192.0.2.2" : "10.244.1.0/24=192.0.2.1";
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                StandInAgent.class.getName(), dir.resolve((a ? "a" : "b") + "/state").toString(), peers));
        cmd.addAll(c.toArgs());
        return Daemon.start("agent " + name, a ? lab.nodeA : lab.nodeB, dir.resolve(name + ".log"), cmd.toArray(String[]::new));
    }

    /** Waits for the agent's line about the datapath; returns its pid, checking whether it was started. */
    private static long started(Daemon agent, boolean expectStarted) {
        Await.until(Duration.ofSeconds(30), () -> STARTED.matcher(agent.log()).find(), "agent reported the datapath: " + agent.log());
        Matcher m = STARTED.matcher(agent.log());
        assertThat(m.find()).isTrue();
        assertThat(Boolean.parseBoolean(m.group(2))).as(agent.log()).isEqualTo(expectStarted);
        return Long.parseLong(m.group(1));
    }

    private String log(TwoNodeLab lab, String node) {
        try {
            Path p = dir.resolve(node + "/state/datapath.log");
            return Files.exists(p) ? Files.readString(p) : "(none)";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
