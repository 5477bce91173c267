package dev.weft.bench.dataplane;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** iperf3 between the two ends of a mode: a server in the server's namespace, clients in the client's. */
public final class Iperf {
    static final int PORT = 5201;
    /** UDP payload: fits every mode's MTU (1450 on vxlan) without IP fragmentation. */
    static final int UDP_PAYLOAD = 1400;
    /**
     * With the default 208 KiB receive buffer, a receiver descheduled for a millisecond on a
     * busy 2-CPU host drops datagrams at rates far below what the path carries: the loss then
     * measures the scheduler, not the data path.
     */
    static final String UDP_BUFFER = "4M";
    private static final int ATTEMPTS = 25;

    private final NsExec exec;
    private final Endpoints ends;

    public Iperf(NsExec exec, Endpoints ends) {
        this.exec = exec;
        this.ends = ends;
    }

    /** A server that accepts one test after another until closed. */
    public AutoCloseable server(Path log) {
        return exec.start(ends.serverNs(), List.of("iperf3", "-s", "-p", String.valueOf(PORT)), log);
    }

    /** TCP, {@code streams} parallel connections, client to server. */
    public IperfReport tcp(int streams, int seconds) {
        List<String> args = new ArrayList<>(List.of("-t", String.valueOf(seconds)));
        if (streams > 1) {
            args.addAll(List.of("-P", String.valueOf(streams)));
        }
        return client(args, seconds);
    }

    /**
     * UDP at {@code bps} offered load (0: as fast as the sender can), datagrams of
     * {@link #UDP_PAYLOAD}, with {@link #UDP_BUFFER} socket buffers at both ends.
     */
    public IperfReport udp(double bps, int seconds) {
        return client(List.of("-u", "-b", String.valueOf(Math.round(bps)), "-l", String.valueOf(UDP_PAYLOAD),
                "-w", UDP_BUFFER, "-t", String.valueOf(seconds)), seconds);
    }

    /**
     * Runs one client; retries while the server is not listening yet or still busy with the
     * previous test, which iperf3 reports as an error rather than waiting.
     */
    private IperfReport client(List<String> args, int seconds) {
        List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", ends.serverIp(), "-p", String.valueOf(PORT), "-J"));
        cmd.addAll(args);
        IllegalArgumentException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            NsExec.Result r = exec.run(ends.clientNs(), cmd, Duration.ofSeconds(seconds + 30L));
            try {
                return IperfReport.parse(r.output());
            } catch (IllegalArgumentException e) {
                last = e;
                if (!retryable(e.getMessage())) {
                    break;
                }
                pause(200);
            }
        }
        throw new IllegalStateException(ends.mode().text() + ": iperf3 " + String.join(" ", args) + " failed: "
                + last.getMessage(), last);
    }

    static boolean retryable(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("connection refused") || m.contains("busy") || m.contains("unable to connect")
                || m.contains("unable to receive");
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
