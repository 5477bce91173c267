package dev.weft.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion and keeps what it printed: the one process runner of weft's
 * tests. {@link #run} never throws for a non-zero exit; {@link Result#check()} does, naming the
 * command and its stderr.
 */
public final class Proc {
    /** Longest a command may run unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private Proc() {
    }

    /** What a finished command printed, and its exit status. */
    public record Result(List<String> command, int exit, String out, String err) {
        /** This result when the exit status is 0; otherwise an exception naming the command. */
        public Result check() {
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + err.strip()
                        + (out.isBlank() ? "" : " (stdout: " + out.strip() + ")"));
            }
            return this;
        }

        public boolean ok() {
            return exit == 0;
        }
    }

    /** Runs {@code cmd} with no input. */
    public static Result run(String... cmd) {
        return run(List.of(cmd), Map.of(), null, DEFAULT_TIMEOUT);
    }

    /** Runs {@code cmd} with no input. */
    public static Result run(List<String> cmd) {
        return run(cmd, Map.of(), null, DEFAULT_TIMEOUT);
    }

    /** Runs {@code cmd}, failing on a non-zero exit; returns its stdout. */
    public static String sh(String... cmd) {
        return run(cmd).check().out();
    }

    /** Runs {@code cmd} inside the named namespace ({@code ip netns exec}). */
    public static Result inNetns(String netns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(cmd));
        return run(full, Map.of(), null, DEFAULT_TIMEOUT);
    }

    /** Runs each of {@code cmds} inside the named namespace in turn, failing on the first non-zero exit. */
    public static void inNetnsAll(String netns, String[]... cmds) {
        for (String[] cmd : cmds) {
            inNetns(netns, cmd).check();
        }
    }

    /**
     * Runs {@code cmd} with {@code env} added to this process's environment and {@code stdin} as
     * its input (null: none); kills it after {@code timeout}.
     */
    public static Result run(List<String> cmd, Map<String, String> env, byte[] stdin, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // the command exited without reading its input; its exit status tells the rest
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", cmd));
            }
            return new Result(List.copyOf(cmd), p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (s) {
                f.complete(new String(s.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }
}
