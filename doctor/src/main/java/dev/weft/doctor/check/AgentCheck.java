package dev.weft.doctor.check;

import dev.weft.doctor.finding.Finding;
import dev.weft.fastpath.CniRequest;
import dev.weft.fastpath.CniResponse;
import dev.weft.fastpath.CniSocketClient;
import dev.weft.node.AgentStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this node's agent is up: its CNI socket answers a VERSION round trip over the fast
 * path, and its status file (rewritten after every reconcile round, at least every resync period)
 * is recent.
 */
public final class AgentCheck {
    /** Several resync periods (5 s by default): older means the agent stopped reconciling. */
    public static final Duration STALE = Duration.ofSeconds(30);

    private AgentCheck() {
    }

    /** The outcome of the VERSION round trip: the time it took and the plugin's answer, or why it failed. */
    public record Answer(Optional<Duration> took, int exit, String stdout, String error) {
    }

    public static Answer version(Path socket) {
        long t = System.nanoTime();
        try {
            CniResponse r = new CniSocketClient(socket, Duration.ofSeconds(5)).call(new CniRequest("weft",
                    Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"1.1.0\"}".getBytes(StandardCharsets.UTF_8)));
            return new Answer(Optional.of(Duration.ofNanos(System.nanoTime() - t)), r.exitCode(),
                    new String(r.stdout(), StandardCharsets.UTF_8).strip(), new String(r.stderr(), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
            return new Answer(Optional.empty(), -1, "", String.valueOf(e.getMessage()));
        }
    }

    public static Finding socket(Path socket, Answer a, String restart) {
        if (a.took().isEmpty()) {
            return Finding.fail("agent.cni-socket", socket + " does not answer: " + a.error(),
                    "the agent is not running: start it (" + restart + ")");
        }
        if (a.exit() != 0 || !a.stdout().contains("supportedVersions")) {
            return Finding.fail("agent.cni-socket", socket + " answered VERSION with exit " + a.exit() + ": "
                    + (a.error().isEmpty() ? a.stdout() : a.error()), "see the agent's log; restart it (" + restart + ")");
        }
        return Finding.ok("agent.cni-socket", socket + " answered VERSION in " + a.took().get().toMillis() + " ms");
    }

    public static Optional<AgentStatus> readStatus(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentStatus.read(file));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Finding status(Path file, Optional<AgentStatus> status, long nowMillis, String restart) {
        if (status.isEmpty()) {
            return Finding.fail("agent.status", "no readable status at " + file,
                    "the agent has not run here with --status-file " + file + ": start it (" + restart + ")");
        }
        Duration age = Duration.ofMillis(Math.max(0, nowMillis - status.get().updatedMillis()));
        String seen = "round " + status.get().rounds() + ", " + age.toSeconds() + " s ago";
        return age.compareTo(STALE) > 0
                ? Finding.fail("agent.status", seen + ": the agent stopped reconciling", "restart the agent (" + restart + ")")
                : Finding.ok("agent.status", seen);
    }
}
