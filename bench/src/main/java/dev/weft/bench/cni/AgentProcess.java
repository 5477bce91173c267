package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent side of the fast path for the benchmark: {@code weft cni serve} in the bench's host
 * namespace, its log kept, from which the time each ADD took inside the agent is read (the
 * handler logs every call with its duration).
 */
final class AgentProcess implements AutoCloseable {
    private static final Pattern SERVED = Pattern.compile("cni ADD weft-bridge (\\S+) exit 0 in ([0-9.]+) ms");

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code weft cni serve} on {@code jvmFlags} (nsenter execs the JVM: the process is the agent's). */
    static AgentProcess start(CniBench.Settings s, List<String> jvmFlags, String hostNs, Path sock, Path log,
                              List<String> extraArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + NetNs.RUN_NETNS.resolve(hostNs), "--",
                s.javaHome().resolve("bin/java").toString()));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", s.classpath()));
        cmd.addAll(jvmFlags); // after -cp: a --class-path=DIR/* among them serves another build's agent
        cmd.addAll(List.of("dev.weft.cli.Main", "cni", "serve", "--socket", sock.toString()));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 300 && !Files.exists(sock); i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("weft cni serve exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new AgentProcess(p, log);
    }

    /** How long the agent spent on each ADD of weft-bridge whose container ID starts with {@code prefix}. */
    Latencies addTimes(String prefix) {
        Latencies l = new Latencies();
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = SERVED.matcher(line);
                if (m.find() && m.group(1).startsWith(prefix)) {
                    l.add(Double.parseDouble(m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return l;
    }

    /** The agent's peak resident set (VmHWM). */
    double peakRssMb() throws IOException {
        return status("VmHWM:") / 1024.0;
    }

    /** The agent's resident set now (VmRSS). */
    double rssMb() throws IOException {
        return status("VmRSS:") / 1024.0;
    }

    /** The agent's threads now. */
    long threads() throws IOException {
        return (long) status("Threads:");
    }

    private double status(String key) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (l.startsWith(key)) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return Double.NaN;
    }

    /** {@code jcmd PID VM.native_memory summary}: the JVM's own account (the agent must run with NMT on). */
    String nativeMemorySummary(Path javaHome) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaHome.resolve("bin/jcmd").toString(), Long.toString(process.pid()),
                "VM.native_memory", "summary").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
