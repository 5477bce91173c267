package dev.weft.lab;

import dev.weft.netlink.ns.NetNs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lab's long-running processes (agents, etcd): started detached ({@code setsid}) inside a
 * namespace ({@code nsenter --net}), logging to a file, and found again by the namespace they run
 * in, so a lab whose state file is lost can still be stopped.
 */
public final class LabProcesses {
    private LabProcesses() {
    }

    /** Starts {@code command} inside namespace {@code netns}, detached, output appended to {@code log}. */
    public static long startIn(String netns, List<String> command, Path log) {
        List<String> cmd = new ArrayList<>(List.of("setsid", "nsenter", "--net=" + NetNs.RUN_NETNS.resolve(netns), "--"));
        cmd.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true).start();
            return p.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
        }
    }

    /** SIGTERM, then SIGKILL after {@code graceMillis}; a pid that is gone is fine. */
    public static void stop(long pid, long graceMillis) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            h.get().destroyForcibly();
            h.get().onExit().join();
        }
    }

    public static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
    }

    public static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Every process whose network namespace is the one bound at /run/netns/{@code netns}. */
    public static List<Long> inNamespace(String netns) {
        Object inode;
        try {
            inode = Files.getAttribute(NetNs.RUN_NETNS.resolve(netns), "unix:ino");
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
        String link = "net:[" + inode + "]";
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if (Files.readSymbolicLink(p.resolve("ns/net")).toString().equals(link)) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // the process ended, or is not ours to look at
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return out;
    }
}
