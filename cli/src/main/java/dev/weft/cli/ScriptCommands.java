package dev.weft.cli;

import picocli.CommandLine.Command;

/**
 * Commands that the {@code ./weft} launcher script runs itself (they need Maven, not the JVM
 * that is running this). They are here so that {@code --help} lists them.
 */
final class ScriptCommands {
    private ScriptCommands() {
    }

    @Command(name = "build", description = "Build weft (Maven) into build/; run through ./weft.")
    static final class Build implements Runnable {
        @Override
        public void run() {
            System.err.println("weft build: run it through the ./weft launcher at the repository root");
        }
    }

    @Command(name = "test", description = "Run the whole test suite (installs missing OS packages); run through ./weft.")
    static final class Test implements Runnable {
        @Override
        public void run() {
            System.err.println("weft test: run it through the ./weft launcher at the repository root");
        }
    }
}
