package dev.weft.bgp.bird;

import dev.weft.bgp.BgpException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code bird} binary: {@code bird -p -c FILE} to check a configuration, and BIRD itself
 * in the foreground ({@code -f}) with its own configuration, socket and pid file, its output
 * appended to its log. BIRD is started through {@code setsid} so that a signal to the agent's
 * process group (a terminal's Ctrl-C) does not reach it, and with a network namespace path through
 * {@code nsenter --net=PATH} (the lab's and the tests' nodes; an agent already inside its node's
 * namespace passes none). Neither wrapper forks, so the pid is BIRD's.
 */
public final class BirdLauncher {
    /** The Debian package that provides {@code bird} (BIRD 2). */
    public static final String PACKAGE = "bird2";
    private static final List<String> DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin");

    private final Path binary;
    private final Optional<Path> netns;

    public BirdLauncher(Path binary, Optional<Path> netns) {
        this.binary = binary;
        this.netns = netns;
    }

    /** The {@code bird} on PATH or in the usual sbin directories, run in {@code netns} (empty: this one). */
    public static BirdLauncher locate(Optional<Path> netns) {
        return new BirdLauncher(find(System.getenv("PATH"), DIRS), netns);
    }

    /** Finds {@code bird}; a clear error naming the package when it is not installed. */
    static Path find(String pathVariable, List<String> usual) {
        List<String> dirs = new ArrayList<>();
        if (pathVariable != null) {
            dirs.addAll(List.of(pathVariable.split(File.pathSeparator)));
        }
        dirs.addAll(usual);
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "bird");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new BgpException("bird: not found on PATH or in " + String.join(", ", usual)
                + ": the BGP backend needs BIRD 2; install the Debian package " + PACKAGE + " (apt-get install " + PACKAGE + ")");
    }

    public Path binary() {
        return binary;
    }

    /** BIRD's complaint about {@code config} (file:line:column message), or empty when it parses. */
    public Optional<String> check(Path config) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-p", "-c", config.toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("bird -p timed out on " + config);
            }
            return p.exitValue() == 0 ? Optional.empty()
                    : Optional.of(out.isBlank() ? "bird -p exited " + p.exitValue() : out.strip());
        } catch (IOException e) {
            throw new BgpException("cannot run " + binary + " -p: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BgpException("interrupted checking " + config, e);
        }
    }

    /** Starts BIRD for {@code layout}; {@code recovery} adds {@code -R} (graceful restart recovery). */
    public Process start(BirdLayout layout, boolean recovery) {
        List<String> cmd = command(layout, recovery);
        try {
            Files.createDirectories(layout.dir());
            return new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new BgpException("cannot start BIRD: " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
    }

    List<String> command(BirdLayout layout, boolean recovery) {
        List<String> cmd = new ArrayList<>();
        netns.ifPresent(ns -> cmd.addAll(List.of("nsenter", "--net=" + ns)));
        cmd.addAll(List.of("setsid", binary.toString(), "-f", "-c", layout.config().toString(), "-s",
                layout.socket().toString(), "-P", layout.pidFile().toString()));
        if (recovery) {
            cmd.add("-R");
        }
        return cmd;
    }
}
