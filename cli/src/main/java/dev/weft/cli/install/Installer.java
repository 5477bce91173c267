package dev.weft.cli.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes weft's plugin executables: small {@code /bin/sh} launchers that start the plugin's class
 * on weft's jars with start-up flags tuned for short runs. Writing is idempotent and atomic per
 * file (temp + rename), so a runtime never executes half a launcher.
 */
public final class Installer {
    private final Path javaHome;

    public Installer(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** Copies the jars of {@code fromLib} to {@code libDir} (unless they are the same directory). */
    public void installLib(Path fromLib, Path libDir) {
        try {
            if (Files.isSameFile(fromLib, Files.createDirectories(libDir))) {
                return;
            }
            try (Stream<Path> jars = Files.list(fromLib)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.copy(jar, libDir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install jars into " + libDir, e);
        }
    }

    /** Writes one launcher per plugin into {@code binDir}, running the jars of {@code libDir}; returns their paths. */
    public List<Path> installPlugins(Path binDir, Path libDir) {
        return installPlugins(binDir, libDir.toAbsolutePath() + "/*");
    }

    /** Writes one launcher per plugin into {@code binDir}, running {@code classpath}; returns their paths. */
    public List<Path> installPlugins(Path binDir, String classpath) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(binDir);
            for (Map.Entry<String, String> p : PluginCatalog.plugins().entrySet()) {
                Path target = binDir.resolve(p.getKey());
                Path tmp = Files.createTempFile(binDir, "." + p.getKey(), ".tmp");
                Files.writeString(tmp, launcher(classpath, p.getValue()));
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                out.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install plugins into " + binDir, e);
        }
        return out;
    }

    /** Serial GC and C1 only: a plugin run is short, so start-up dominates. */
    String launcher(String classpath, String mainClass) {
        return """
                #!/bin/sh
                # weft CNI plugin launcher (written by weft install)
                exec "%s/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xss512k \\
                  --enable-native-access=ALL-UNNAMED -cp "%s" %s "$@"
                """.formatted(javaHome, classpath, mainClass);
    }
}
