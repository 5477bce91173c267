package dev.weft.lab;

import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands inside the lab's namespaces (tests and benchmarks may use {@code ip netns exec}; product code may not). */
public final class LabExec {
    private LabExec() {
    }

    public record Result(int exit, String output) {
    }

    /** Runs {@code cmd} to completion (at most 2 minutes), stdout and stderr together. */
    public static Result capture(List<String> cmd) {
        return captureWithInput(cmd, null);
    }

    /** Like {@link #capture}, with {@code input} on stdin (null: stdin is /dev/null). */
    public static Result captureWithInput(List<String> cmd, String input) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (input == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (input != null) {
                try (var in = p.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(124, "timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * {@code ip netns exec NETNS CMD...}; for a namespace given by its path (a Docker container's
     * sandbox, not under {@code /run/netns}) {@code nsenter --net=PATH CMD...}.
     */
    public static List<String> in(String netns, List<String> cmd) {
        List<String> out = new ArrayList<>(netns.startsWith("/") ? List.of("nsenter", "--net=" + netns, "--")
                : List.of("ip", "netns", "exec", netns));
        out.addAll(cmd);
        return out;
    }

    /** Opens a namespace named under {@code /run/netns}, or given by its absolute path (a Docker sandbox). */
    public static NetNs open(String netns) {
        return netns.startsWith("/") ? NetNs.open(netns) : NetNs.named(netns);
    }

    /** Runs {@code cmd} inside {@code netns} with this terminal; returns its exit code. */
    public static int interactive(String netns, List<String> cmd) {
        if (!NetNs.RUN_NETNS.resolve(netns).toFile().exists()) {
            throw new IllegalArgumentException("namespace " + netns + " does not exist");
        }
        try {
            return new ProcessBuilder(in(netns, cmd)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
