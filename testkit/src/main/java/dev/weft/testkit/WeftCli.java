package dev.weft.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the weft CLI ({@code dev.weft.cli.Main}, which must be on the test classpath) in a child
 * JVM, optionally inside a network namespace.
 */
public final class WeftCli {
    /** The CLI's entry point. */
    public static final String MAIN = "dev.weft.cli.Main";

    private WeftCli() {
    }

    /** {@code ip netns exec NETNS java ... dev.weft.cli.Main ARGS}, or without the netns when null. */
    public static Proc.Result run(String netns, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.addAll(List.of(Jvm.java(), "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp",
                Jvm.classpath(), MAIN));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, env, null, Proc.DEFAULT_TIMEOUT);
    }
}
