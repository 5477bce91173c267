package dev.weft.cli.testing;

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
        String cp = WeftProcess.classpath();
        for (var e : dev.weft.cli.install.PluginCatalog.plugins().entrySet()) {
            Path p = binDir.resolve(e.getKey());
            Files.writeString(p, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
                    + "--enable-native-access=ALL-UNNAMED -cp '" + cp + "' " + e.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return binDir;
    }
}
