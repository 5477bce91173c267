package dev.weft.cli.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the weft CLI in a child JVM, optionally inside a network namespace (test helper). */
public final class WeftProcess {
    private WeftProcess() {
    }

    /** The test classpath as surefire sets it, falling back to this JVM's. */
    public static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    /** {@code ip netns exec NETNS java ... dev.weft.cli.Main ARGS}, or without the netns when null. */
    public static Netns.Proc run(String netns, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp", classpath(),
                "dev.weft.cli.Main"));
        cmd.addAll(List.of(args));
        return Netns.run(cmd, env);
    }
}
