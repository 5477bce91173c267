package dev.weft.node.install;

import dev.weft.node.cni.PluginMain;
import dev.weft.node.plugins.PluginCatalog;

import dev.weft.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes weft's plugin executables. Without the exec shim, each is a small {@code /bin/sh}
 * launcher that starts the plugin's class on weft's jars (the JVM path). With the shim, each
 * executable is a copy of the shim, which forwards the call to the node agent's socket, and the
 * launcher goes beside it as {@code NAME.jvm}, which the shim runs when the agent is not there.
 * Writing is idempotent and atomic per file (temp + rename), so a runtime never executes half a
 * file.
 */
public final class Installer {
    /** The JDK's AOT cache for the JVM path, in the lib dir when {@code weft install} made one. */
    public static final String AOT_CACHE = "weft-plugins.aot";
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> EXECUTABLE =
            PosixFilePermissions.fromString("rwxr-xr-x");

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

    /** JVM launchers into {@code binDir}, running the jars of {@code libDir}; returns their paths. */
    public List<Path> installPlugins(Path binDir, Path libDir) {
        return installPlugins(binDir, libDir.toAbsolutePath() + "/*", aotCache(libDir), Optional.empty());
    }

    /** JVM launchers into {@code binDir}, running {@code classpath}; returns their paths. */
    public List<Path> installPlugins(Path binDir, String classpath) {
        return installPlugins(binDir, classpath, Optional.empty(), Optional.empty());
    }

    /**
     * The plugins into {@code binDir}: shim copies with {@code NAME.jvm} launchers beside them when
     * {@code shim} is given, else launchers alone. {@code aot} is an AOT cache the launchers use.
     */
    public List<Path> installPlugins(Path binDir, String classpath, Optional<Path> aot, Optional<Path> shim) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(binDir);
            for (Map.Entry<String, String> p : PluginCatalog.executables().entrySet()) {
                Path target = binDir.resolve(p.getKey());
                String launcher = launcher(classpath, PluginMain.class.getName() + " " + p.getKey(), aot);
                if (shim.isPresent()) {
                    AtomicFile.write(binDir.resolve(p.getKey() + ".jvm"), launcher.getBytes(), EXECUTABLE);
                    AtomicFile.write(target, Files.readAllBytes(shim.get()), EXECUTABLE);
                } else {
                    AtomicFile.write(target, launcher.getBytes(), EXECUTABLE);
                    Files.deleteIfExists(binDir.resolve(p.getKey() + ".jvm"));
                }
                out.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install plugins into " + binDir, e);
        }
        return out;
    }

    public static Optional<Path> aotCache(Path libDir) {
        Path aot = libDir.toAbsolutePath().resolve(AOT_CACHE);
        return Files.isRegularFile(aot) ? Optional.of(aot) : Optional.empty();
    }

    /**
     * Serial GC and C1 only: a plugin run is short, so start-up dominates; with an AOT cache the
     * classes arrive loaded and linked. The flags must match the ones the cache was trained with.
     */
    String launcher(String classpath, String mainAndArgs, Optional<Path> aot) {
        return """
                #!/bin/sh
                # weft CNI plugin launcher (written by weft install)
                exec "%s/bin/java" %s %s\\
                  --enable-native-access=ALL-UNNAMED -cp "%s" %s "$@"
                """.formatted(javaHome, String.join(" ", JVM_FLAGS),
                aot.map(a -> "-XX:AOTCache=" + a + " ").orElse(""), classpath, mainAndArgs);
    }

    /** The JVM path's flags, shared by the launchers and the AOT training run. */
    public static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
}
