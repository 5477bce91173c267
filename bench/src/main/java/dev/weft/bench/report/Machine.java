package dev.weft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The machine a benchmark ran on: kernel release, CPU count and model, tool versions. */
public record Machine(String kernel, int cpus, String cpuModel, String java) {

    public static Machine current() {
        return new Machine(read(Path.of("/proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version")),
                Runtime.getRuntime().availableProcessors(), readCpuModel(), System.getProperty("java.version"));
    }

    /** One line: {@code Linux 6.18.44, 2 x AMD EPYC}. */
    public String describe() {
        return "Linux " + kernel + ", " + cpus + " x " + cpuModel;
    }

    private static String readCpuModel() {
        return read(Path.of("/proc/cpuinfo")).flatMap(s -> s.lines().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()).orElse("unknown");
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
