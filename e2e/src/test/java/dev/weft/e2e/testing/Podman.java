package dev.weft.e2e.testing;

import dev.weft.testkit.Proc;
import dev.weft.testkit.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman confined to a test: it runs inside the test's network namespace through
 * {@code nsenter --net} (so bridges and NAT rules its CNI plugins make live there), with its own
 * storage (vfs: no overlay mounts to leak), run root, containers.conf (runc, cgroupfs, no default
 * ulimits, CNI backend) and CNI config dir; the image is busybox-static imported locally.
 */
public final class Podman implements AutoCloseable {
    private final Path dir;
    private final String netns;
    private final Path confDir;

    public Podman(Path dir, String netns, List<Path> pluginDirs) throws IOException {
        this.dir = dir;
        this.netns = netns;
        this.confDir = Files.createDirectories(dir.resolve("net.d"));
        String plugins = String.join(", ", pluginDirs.stream().map(p -> "\"" + p + "\"").toList());
        Files.writeString(dir.resolve("containers.conf"), """
                [containers]
                default_ulimits = []
                [engine]
                cgroup_manager = "cgroupfs"
                runtime = "runc"
                events_logger = "file"
                [network]
                network_backend = "cni"
                cni_plugin_dirs = [%s]
                network_config_dir = "%s"
                """.formatted(plugins, confDir));
        importBusybox();
    }

    public Path confDir() {
        return confDir;
    }

    private void importBusybox() throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        for (String applet : List.of("sh", "ip", "ping", "nc", "sleep", "cat", "ls", "httpd", "printf")) {
            Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
        }
        Files.setPosixFilePermissions(rootfs.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Proc.Result tar = Proc.run(List.of("tar", "-C", dir.resolve("rootfs").toString(), "-cf",
                dir.resolve("busybox.tar").toString(), "."));
        check(tar, "tar");
        check(run("import", dir.resolve("busybox.tar").toString(), "localhost/weft-busybox:latest"), "podman import");
    }

    /** Runs {@code podman ARGS} in the namespace with this test's configuration. */
    public Proc.Result run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + netns, "podman",
                "--root", dir.resolve("storage").toString(), "--runroot", dir.resolve("run").toString(),
                "--storage-driver", "vfs"));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, Map.of("CONTAINERS_CONF", dir.resolve("containers.conf").toString()), null, Proc.DEFAULT_TIMEOUT);
    }

    public static Proc.Result check(Proc.Result p, String what) {
        if (p.exit() != 0) {
            throw new IllegalStateException(what + " failed (" + p.exit() + "): " + p.err() + p.out());
        }
        return p;
    }

    @Override
    public void close() {
        run("rm", "--all", "--force", "--time", "0");
        run("rmi", "--all", "--force");
    }
}
