package dev.weft.overlay.udp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the datapath process running for the agent, and lets a restarted agent find it again.
 * {@link #ensure} is idempotent: a live process started for the same configuration is left alone
 * (re-attached: the data path never stops for an agent restart); a dead one, or one started for
 * another configuration, is replaced. The process is started in a session of its own
 * ({@code setsid}), so a signal to the agent's process group does not reach it, with its output
 * in {@code STATE/datapath.log}; {@code STATE/datapath.pid} and {@code STATE/datapath.args} let a
 * later agent recognise it. Peers are not part of the configuration: they go through the peers file.
 *
 * <p>Hazard: a service manager that kills the agent's whole control group (systemd's default
 * {@code KillMode=control-group}) kills the datapath too; run the agent with
 * {@code KillMode=process} or the datapath as a unit of its own.
 */
public final class DatapathProcess {
    /** The process serving the overlay, and whether this call started it. */
    public record Running(long pid, boolean started) {
    }

    private static final String MAIN = UdpOverlayMain.class.getName();

    private DatapathProcess() {
    }

    /**
     * Makes C2 inline the FFM runtime's argument check for the errno capture segment. The linker
     * takes a slice of that segment on every call and passes it to {@code SharedUtils.checkNative},
     * 38 bytes of bytecode: over the 35-byte limit for call sites C2 does not find hot, so in some
     * compilations (batched's recvmmsg/sendmmsg here) the slice escapes and every call allocates
     * 40 bytes. Inlined, escape analysis removes it. Found with JFR allocation samples; a JDK that
     * renames the method ignores the command quietly and only the allocation check would notice.
     */
    public static final List<String> JIT_FLAGS = List.of("-XX:CompileCommand=quiet",
            "-XX:CompileCommand=inline,jdk.internal.foreign.abi.SharedUtils::checkNative");

    /**
     * The java command line for the datapath: {@code java} of this JVM, native access enabled, a
     * small fixed heap with Serial GC (the packet path allocates nothing, so no collection should
     * ever run; each one that does is logged, so "GC in the latency tail" can be checked in
     * {@code datapath.log}), pre-touched, {@link #JIT_FLAGS}, on {@code classpath}.
     */
    public static List<String> javaCommand(String classpath) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms48m",
                "-Xmx48m", "-XX:+AlwaysPreTouch", "-Xss512k", "-Xlog:gc:stderr:uptime"));
        cmd.addAll(JIT_FLAGS);
        cmd.addAll(List.of("-cp", classpath));
        return List.copyOf(cmd);
    }

    /** Makes sure a datapath for {@code config} runs, started with {@code javaCommand}; state under {@code stateDir}. */
    public static Running ensure(UdpOverlayConfig config, Path stateDir, List<String> javaCommand) throws IOException {
        Files.createDirectories(stateDir);
        String args = String.join("\n", config.toArgs());
        Optional<ProcessHandle> live = running(stateDir);
        if (live.isPresent()) {
            Path argsFile = stateDir.resolve("datapath.args");
            if (Files.exists(argsFile) && Files.readString(argsFile, StandardCharsets.UTF_8).equals(args)) {
                return new Running(live.get().pid(), false);
            }
            stop(live.get());
        }
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(javaCommand);
        cmd.add(MAIN);
        cmd.addAll(config.toArgs());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("datapath.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Files.writeString(stateDir.resolve("datapath.args"), args, StandardCharsets.UTF_8);
        Files.writeString(stateDir.resolve("datapath.pid"), Long.toString(p.pid()), StandardCharsets.UTF_8);
        return new Running(p.pid(), true);
    }

    /** The datapath process recorded under {@code stateDir}, when it still runs (and is one). */
    public static Optional<ProcessHandle> running(Path stateDir) throws IOException {
        Path pidFile = stateDir.resolve("datapath.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> isDatapath(pid));
    }

    /** Stops the datapath recorded under {@code stateDir}, if it runs; its TUN goes with it. */
    public static void stop(Path stateDir) throws IOException {
        running(stateDir).ifPresent(DatapathProcess::stop);
    }

    private static void stop(ProcessHandle h) {
        h.destroy();
        try {
            h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
            h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> h).join();
        }
    }

    /** Whether {@code pid}'s command line names the datapath's main class (a recycled pid does not). */
    private static boolean isDatapath(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).contains(MAIN);
        } catch (IOException e) {
            return false;
        }
    }
}
