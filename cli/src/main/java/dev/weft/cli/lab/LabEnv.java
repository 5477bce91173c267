package dev.weft.cli.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JVM the lab's agents and plugins run on: this one's, unless a test says otherwise. */
public record LabEnv(Path javaHome, String classpath) {

    public static LabEnv current() {
        return new LabEnv(Path.of(System.getProperty("java.home")), System.getProperty("java.class.path"));
    }

    /** {@code java ... dev.weft.cli.Main ARGS}, tuned for a small long-running process. */
    List<String> weft(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Xss512k", "--enable-native-access=ALL-UNNAMED",
                "-cp", classpath, "dev.weft.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
