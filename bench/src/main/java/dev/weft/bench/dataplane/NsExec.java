package dev.weft.bench.dataplane;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the load generators inside namespaces with {@code ip netns exec}: to completion with a
 * deadline, or in the background as a server. An interface, so the search logic above it can be
 * tested with canned tool output.
 */
public interface NsExec {

    /** A finished command: exit code, and stdout with stderr appended. */
    record Result(int exit, String output) {
    }

    /** Runs {@code cmd} inside {@code netns} until it ends or {@code timeout} passes (exit 124). */
    Result run(String netns, List<String> cmd, Duration timeout);

    /** Starts {@code cmd} inside {@code netns} in the background; closing the handle kills it. */
    AutoCloseable start(String netns, List<String> cmd, Path log);

    /** The real thing. */
    static NsExec system() {
        return new NsExec() {
            @Override
            public Result run(String netns, List<String> cmd, Duration timeout) {
                List<String> full = in(netns, cmd);
                try {
                    Path out = java.nio.file.Files.createTempFile("weft-bench", ".out");
                    try {
                        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                                .redirectOutput(out.toFile()).start();
                        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                            p.destroyForcibly().waitFor();
                            return new Result(124, "timed out after " + timeout + ": " + String.join(" ", full));
                        }
                        return new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8));
                    } finally {
                        java.nio.file.Files.deleteIfExists(out);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }

            @Override
            public AutoCloseable start(String netns, List<String> cmd, Path log) {
                List<String> full = in(netns, cmd);
                try {
                    Process p = new ProcessBuilder(full).redirectErrorStream(true)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                    return () -> {
                        p.destroy();
                        if (!p.waitFor(2, TimeUnit.SECONDS)) {
                            p.destroyForcibly().waitFor();
                        }
                    };
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start " + String.join(" ", full), e);
                }
            }
        };
    }

    /** {@code ip netns exec NETNS CMD...}: ip execs the command, so the process is the tool itself. */
    static List<String> in(String netns, List<String> cmd) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        out.addAll(cmd);
        return out;
    }
}
