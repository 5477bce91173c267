package dev.weft.lab;

import dev.weft.node.install.AgentAot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM the lab's agents and plugins run on, and the exec shim when there is one: then every
 * node's plugins forward to that node's agent (the fast path), with the JVM path as fallback.
 */
public record LabEnv(Path javaHome, String classpath, Optional<Path> shim) {

    /** This JVM; the shim from {@code -Dweft.shim} or {@code WEFT_SHIM} when that file exists. */
    public static LabEnv current() {
        return new LabEnv(Path.of(System.getProperty("java.home")), System.getProperty("java.class.path"), shimFromEnv());
    }

    public LabEnv(Path javaHome, String classpath) {
        this(javaHome, classpath, Optional.empty());
    }

    static Optional<Path> shimFromEnv() {
        String s = System.getProperty("weft.shim", System.getenv("WEFT_SHIM"));
        return Optional.ofNullable(s).map(Path::of).filter(Files::isExecutable);
    }

    /** {@code java ... dev.weft.cli.Main ARGS}, tuned for a small long-running process. */
    List<String> weft(String... args) {
        return weft(List.of(), args);
    }

    /** {@code weft agent ARGS} as {@link #weft}, with the agents' AOT cache ({@link AgentAot}) when the classpath allows one. */
    List<String> agent(List<String> args) {
        List<String> all = new ArrayList<>(List.of("agent"));
        all.addAll(args);
        return weft(AgentAot.flags(classpath), all.toArray(String[]::new));
    }

    private List<String> weft(List<String> jvmFlags, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Xss512k", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", classpath, "dev.weft.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
