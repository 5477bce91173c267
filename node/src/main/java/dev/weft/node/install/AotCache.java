package dev.weft.node.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the JVM path's AOT cache (JDK 25, JEP 514/515): one training run of
 * {@link dev.weft.node.cni.AotTraining} with the launchers' own flags and classpath, written to
 * a temp file and renamed into the lib dir, so a half-written cache is never used.
 */
public final class AotCache {
    private AotCache() {
    }

    public static Path train(Path javaHome, Path libDir) {
        Path target = libDir.toAbsolutePath().resolve(Installer.AOT_CACHE);
        Path tmp = libDir.toAbsolutePath().resolve(Installer.AOT_CACHE + ".tmp");
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        cmd.addAll(Installer.JVM_FLAGS);
        cmd.addAll(List.of("-XX:AOTCacheOutput=" + tmp, "--enable-native-access=ALL-UNNAMED",
                "-cp", libDir.toAbsolutePath() + "/*", "dev.weft.node.cni.AotTraining"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("AOT training failed:\n" + out);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the AOT training", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
