package dev.weft.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * Commands that the {@code ./weft} launcher script runs itself (they need Maven or a shell around
 * the JVM). They are here so that {@code --help} lists them; reached directly, they say so and
 * fail.
 */
final class ScriptCommands {
    private ScriptCommands() {
    }

    private static int launcherOnly(String name) {
        System.err.println("weft " + name + ": run it through the ./weft launcher at the repository root");
        return 2;
    }

    @Command(name = "build", description = "Build weft (Maven) into build/, plugins into build/cni/bin.")
    static final class Build implements Callable<Integer> {
        @Override
        public Integer call() {
            return launcherOnly("build");
        }
    }

    @Command(name = "test", description = "Run the whole test suite (installs missing OS packages first).")
    static final class Test implements Callable<Integer> {
        @Override
        public Integer call() {
            return launcherOnly("test");
        }
    }

    @Command(name = "demo", description = "A 3-node weft cluster of namespaces: topology, reachability matrix, ping, iperf3.")
    static final class Demo implements Callable<Integer> {
        @Override
        public Integer call() {
            return launcherOnly("demo");
        }
    }
}
