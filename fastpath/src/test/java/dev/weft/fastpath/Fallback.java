package dev.weft.fastpath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stand-in JVM launcher for the shim tests: a script that dumps its argv, env and stdin. */
record Fallback(Path script, Path out) {

    static Fallback write(Path script, int exitCode) throws IOException {
        Path out = Files.createDirectories(script.resolveSibling(script.getFileName() + ".out"));
        Files.writeString(script, """
                #!/bin/sh
                printf '%%s\\n' "$0" "$@" > '%1$s/args'
                env -0 > '%1$s/env'
                cat > '%1$s/stdin'
                exit %2$d
                """.formatted(out, exitCode));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new Fallback(script, out);
    }

    boolean ran() {
        return Files.exists(out.resolve("args"));
    }

    byte[] stdin() throws IOException {
        return Files.readAllBytes(out.resolve("stdin"));
    }

    List<String> args() throws IOException {
        return Files.readAllLines(out.resolve("args"));
    }

    Map<String, String> env() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : new String(Files.readAllBytes(out.resolve("env")), StandardCharsets.UTF_8).split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }
}
