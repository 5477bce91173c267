package dev.weft.e2e.testing;

import dev.weft.testkit.Jvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** weft's plugin executables for a test, launching this build's classes (no prior install needed). */
public final class PluginLaunchers {
    private PluginLaunchers() {
    }

    public static Path write(Path binDir) throws IOException {
        Files.createDirectories(binDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = Jvm.classpath();
        for (var e : dev.weft.node.plugins.PluginCatalog.executables().entrySet()) {
            Path p = binDir.resolve(e.getKey());
            Files.writeString(p, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
                    + "--enable-native-access=ALL-UNNAMED -cp '" + cp + "' " + e.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return binDir;
    }
}
