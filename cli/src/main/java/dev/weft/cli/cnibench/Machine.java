package dev.weft.cli.cnibench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a figure came from. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String kernel;
        String cpu = "unknown cpu";
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException e) {
            kernel = "unknown kernel";
        }
        return "Linux " + kernel + ", " + Runtime.getRuntime().availableProcessors() + " x " + cpu;
    }
}
