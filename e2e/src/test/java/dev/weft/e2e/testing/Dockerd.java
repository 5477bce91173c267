package dev.weft.e2e.testing;

import dev.weft.testkit.Daemon;
import dev.weft.testkit.Proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * dockerd (Debian docker.io) confined to a test, as RECIPES.md has it: inside the test's namespace
 * through {@code nsenter --net}, data root, exec root, pid file and API socket under {@code dir},
 * {@code --iptables=false --ip6tables=false --bridge=none}, {@code --live-restore} (containers
 * outlive a restart of dockerd), its own containerd.
 *
 * <p>The network plugin is found as Docker finds it in production: by its socket
 * {@link #pluginSocket(String) /run/docker/plugins/PLUGIN.sock}, which the driver under test serves.
 * That one path lies outside the test's directory, unavoidably: dockerd's plugin discovery
 * ({@code pkg/plugins/discovery.go}, v20.10.24) looks only in the compiled-in
 * {@code /run/docker/plugins} (sockets) and {@code /etc/docker/plugins}, {@code /usr/lib/docker/plugins}
 * (spec files); {@code --exec-root} and {@code --data-root} move neither. A private mount namespace
 * for dockerd could mount a directory of the test's there, but would hide dockerd's sandbox
 * namespaces ({@code EXECROOT/netns/*}, bind mounts) from the test, which enters them. So the
 * plugin's name is unique per test, and {@link #close()} removes a socket the driver left (a killed
 * driver), besides removing every container, ending dockerd, then by pid whatever process still
 * names {@code dir} (containerd, shims), and unmounting what is left under {@code dir}.
 */
public final class Dockerd implements AutoCloseable {
    /** The Debian client; /usr/local/bin may hold another. */
    public static final String DOCKER = "/usr/bin/docker";
    public static final String IMAGE = "wt-busybox:latest";

    /** Where dockerd looks for plugin sockets (pkg/plugins: {@code socketsPath}, not configurable). */
    public static final Path PLUGIN_DIR = Path.of("/run/docker/plugins");

    private final Path dir;
    private final String netns;
    private final Path pluginSocket;
    private Daemon daemon;

    /**
     * Starts dockerd in {@code netns} and imports busybox; the driver of plugin {@code plugin}
     * serves (or will serve) on {@link #pluginSocket(String)}.
     */
    public Dockerd(Path dir, String netns, String plugin) {
        this.dir = dir.toAbsolutePath();
        this.netns = netns;
        this.pluginSocket = pluginSocket(plugin);
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        importBusybox();
    }

    /** The socket by which dockerd finds network plugin {@code plugin} (the driver's name in {@code -d}). */
    public static Path pluginSocket(String plugin) {
        return PLUGIN_DIR.resolve(plugin + ".sock");
    }

    public Path socket() {
        return dir.resolve("docker.sock");
    }

    /** {@code docker -H unix://DIR/docker.sock ARGS}. */
    public Proc.Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", "unix://" + socket()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd);
    }

    private void start() {
        daemon = Daemon.start("dockerd", netns, dir.resolve("dockerd.log"), "dockerd",
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "-H", "unix://" + socket(),
                "--iptables=false", "--ip6tables=false", "--bridge=none", "--live-restore",
                "--containerd-namespace", netns, "--containerd-plugins-namespace", netns + "p")
                .withPidFile(dir.resolve("docker.pid"));
        daemon.awaitReady(Duration.ofSeconds(60), () -> docker("version").ok());
    }

    /** Stops dockerd (SIGTERM: with live restore its containers keep running) and starts it again. */
    public void restart() {
        daemon.daemonPid().flatMap(ProcessHandle::of).ifPresent(h -> {
            h.destroy();
            h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        });
        daemon.close();
        start();
    }

    private void importBusybox() {
        try {
            Path root = Files.createDirectories(dir.resolve("rootfs/bin"));
            Files.copy(Path.of("/bin/busybox"), root.resolve("busybox"));
            for (String applet : List.of("sh", "ping", "sleep", "ip", "nc")) {
                Files.createSymbolicLink(root.resolve(applet), Path.of("busybox"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Proc.run("sh", "-c", "tar -C " + dir.resolve("rootfs") + " -c . | " + DOCKER + " -H unix://" + socket()
                + " import - " + IMAGE).check();
    }

    @Override
    public void close() {
        try {
            if (daemon != null && daemon.alive()) {
                String ids = docker("ps", "-aq").out().strip();
                if (!ids.isEmpty()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(List.of(ids.split("\\s+")));
                    docker(rm.toArray(String[]::new));
                }
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(dir.toString()))
                    .orElse(false)).forEach(ProcessHandle::destroyForcibly);
            unmountUnder(dir);
            try {
                Files.deleteIfExists(pluginSocket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** dockerd's overlay and netns mounts under {@code dir}, if it left any. */
    private static void unmountUnder(Path dir) {
        try {
            Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" ")[1])
                    .filter(m -> m.startsWith(dir.toString())).sorted(Comparator.reverseOrder())
                    .forEach(m -> Proc.run("umount", "-l", m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
