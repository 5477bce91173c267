package dev.weft.bench.dataplane;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** sockperf TCP ping-pong between the two ends of a mode: {@code sr} in the server, {@code pp} in the client. */
public final class Sockperf {
    static final int PORT = 11111;
    /** Message size in bytes: a small RPC, as the draft's latency tests use. */
    static final int MESSAGE = 64;
    private static final int ATTEMPTS = 25;

    private final NsExec exec;
    private final Endpoints ends;

    public Sockperf(NsExec exec, Endpoints ends) {
        this.exec = exec;
        this.ends = ends;
    }

    public AutoCloseable server(Path log) {
        return exec.start(ends.serverNs(), List.of("sockperf", "server", "--tcp", "-i", ends.serverIp(),
                "-p", String.valueOf(PORT)), log);
    }

    /** sockperf exits 0 even when it could not connect; its message tells the server is not up yet. */
    static boolean refused(String output) {
        return output.contains("Can`t connect") || output.contains("Connection refused");
    }

    /** One ping-pong run of {@code seconds}; retried while the server is not listening yet. */
    public SockperfReport pingPong(int seconds) {
        List<String> cmd = List.of("sockperf", "ping-pong", "--tcp", "-i", ends.serverIp(), "-p", String.valueOf(PORT),
                "-t", String.valueOf(seconds), "-m", String.valueOf(MESSAGE), "--full-rtt");
        IllegalArgumentException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            NsExec.Result r = exec.run(ends.clientNs(), cmd, Duration.ofSeconds(seconds + 30L));
            try {
                return SockperfReport.parse(r.output());
            } catch (IllegalArgumentException e) {
                last = e;
                if (!refused(r.output())) {
                    break;
                }
                Iperf.pause(200);
            }
        }
        throw new IllegalStateException(ends.mode().text() + ": sockperf ping-pong failed: " + last.getMessage(), last);
    }
}
