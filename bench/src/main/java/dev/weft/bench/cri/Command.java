package dev.weft.bench.cri;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A short command run to its end in this namespace (ctr, tar, umount): exit code and output. */
final class Command {
    private Command() {
    }

    /** Exit code and stdout with stderr appended. */
    record Result(int exit, String out) {
        /** This result, when the command succeeded. */
        Result check() {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + out);
            }
            return this;
        }
    }

    static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
