package dev.weft.bench.cri;

import dev.weft.cri.CriClient;
import dev.weft.lab.Lab;
import dev.weft.lab.LabExec;
import dev.weft.lab.LabProcesses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * containerd with its CRI plugin, confined to a test or a benchmark: it runs inside the caller's
 * namespace (a lab node's) through {@code nsenter --net}, with a config of its own under {@code
 * dir} (root, state, gRPC/ttrpc sockets, native snapshotter: no overlay mounts), the CRI plugin's
 * CNI {@code bin_dir} and {@code conf_dir} given by the caller, and a sandbox ("pause") image made from busybox-static
 * and imported with {@code ctr -n k8s.io images import} (no registry). Never the system's
 * containerd: nothing under /run/containerd or /var/lib/containerd is touched. {@link #close()}
 * removes every sandbox through CRI, ends containerd by pid, then the shims it left (found by
 * their {@code -address} argument, which names this instance's socket), and unmounts what is left
 * under {@code dir}.
 */
public final class Containerd implements AutoCloseable {
    /** The sandbox image's name, as {@code sandbox_image} names it. */
    public static final String PAUSE_IMAGE = "weft.test/pause:1";

    private final Path dir;
    private final String netns;
    private final Map<String, String> env;
    private long pid;
    private CriClient cri;

    /** The config snippet README.md shows; the harness writes exactly this (plus root/state/sockets). */
    public static String criSnippet(Path binDir, Path confDir, String sandboxImage) {
        return """
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%s"
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%s"
                    conf_dir = "%s"
                """.formatted(sandboxImage, binDir, confDir);
    }

    /**
     * Writes the config and starts containerd in {@code netns} with {@code env} (e.g. the weft
     * agent's CNI socket for the plugins it runs); waits until CRI answers, then imports the image.
     */
    public Containerd(Path dir, String netns, Path cniBinDir, Path cniConfDir, Map<String, String> env) {
        this.dir = dir.toAbsolutePath();
        this.netns = netns;
        this.env = Map.copyOf(env);
        try {
            Files.createDirectories(this.dir);
            Files.writeString(this.dir.resolve("config.toml"), """
                    version = 2
                    root = "%1$s/root"
                    state = "%1$s/state"
                    disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs",
                      "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
                      "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp"]
                    [grpc]
                      address = "%1$s/containerd.sock"
                    [ttrpc]
                      address = "%1$s/containerd.sock.ttrpc"
                    [debug]
                      address = ""
                    %2$s  [plugins."io.containerd.grpc.v1.cri".containerd]
                        snapshotter = "native"
                        default_runtime_name = "runc"
                        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                          runtime_type = "io.containerd.runc.v2"
                    """.formatted(this.dir, criSnippet(cniBinDir, cniConfDir, PAUSE_IMAGE).replace(
                            "  [plugins.\"io.containerd.grpc.v1.cri\".cni]",
                            // runc writes the sandbox's oom_score_adj (-998): that needs CAP_SYS_RESOURCE, which a
                            // nested machine (CI's, this one) may lack; then runc fails "can't get final child's PID"
                            "  restrict_oom_score_adj = true\n  [plugins.\"io.containerd.grpc.v1.cri\".cni]")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        importPause();
    }

    public Path socket() {
        return dir.resolve("containerd.sock");
    }

    public CriClient cri() {
        return cri;
    }

    public Path logDir() {
        return dir.resolve("pod-logs");
    }

    /** Starts containerd (again, after {@link #kill()}), and waits until CRI answers Version. */
    public void start() {
        List<String> cmd = new ArrayList<>(List.of("env"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of("containerd", "--config", dir.resolve("config.toml").toString()));
        pid = LabProcesses.startIn(netns, cmd, dir.resolve("containerd.log"));
        cri = new CriClient(socket(), Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!answers()) {
            if (!LabProcesses.alive(pid) || System.nanoTime() > deadline) {
                throw new IllegalStateException("containerd did not serve CRI within 30 s; it printed:\n" + log());
            }
            Lab.sleep(100);
        }
    }

    private boolean answers() {
        try {
            cri.version();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Ends containerd alone (SIGTERM, by pid, as a service restart does), leaving its shims and
     * sandboxes running: the shims are not its children (they daemonise).
     */
    public void stop() {
        cri.close();
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("containerd did not end on SIGTERM", e);
            }
        });
    }

    /** What containerd printed so far. */
    public String log() {
        try {
            Path log = dir.resolve("containerd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs {@code ctr} against this instance, in the k8s.io namespace. */
    private LabExec.Result ctr(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", socket().toString(), "-n", "k8s.io"));
        cmd.addAll(List.of(args));
        return LabExec.capture(cmd);
    }

    /** A docker-archive image of busybox-static whose command sleeps: the pod's pause process. */
    private void importPause() {
        try {
            Path img = Files.createDirectories(dir.resolve("image"));
            Path rootfs = Files.createDirectories(img.resolve("rootfs/bin"));
            Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
            Files.setPosixFilePermissions(rootfs.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String applet : List.of("sh", "sleep", "ip", "ping", "nc", "httpd", "cat")) {
                Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
            }
            Path archive = Files.createDirectories(img.resolve("archive"));
            check(LabExec.capture(List.of("tar", "--owner=0", "--group=0", "-C", img.resolve("rootfs").toString(), "-cf",
                    archive.resolve("layer.tar").toString(), ".")));
            String diffId = "sha256:" + sha256(Files.readAllBytes(archive.resolve("layer.tar")));
            Files.writeString(archive.resolve("config.json"), """
                    {"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sleep","2147483647"],"WorkingDir":"/"},
                     "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(diffId));
            Files.writeString(archive.resolve("manifest.json"), """
                    [{"Config":"config.json","RepoTags":["%s"],"Layers":["layer.tar"]}]""".formatted(PAUSE_IMAGE));
            check(LabExec.capture(List.of("tar", "-C", archive.toString(), "-cf", img.resolve("pause.tar").toString(),
                    "manifest.json", "config.json", "layer.tar")));
            LabExec.Result r = ctr("images", "import", "--snapshotter", "native", img.resolve("pause.tar").toString());
            if (r.exit() != 0) {
                throw new IllegalStateException("ctr images import failed: " + r.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(LabExec.Result r) {
        if (r.exit() != 0) {
            throw new IllegalStateException("exit " + r.exit() + ": " + r.output());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes every sandbox through CRI (the CNI DELs run), then ends everything by pid and unmounts. */
    @Override
    public void close() {
        try {
            if (LabProcesses.alive(pid)) {
                for (var s : cri.list()) {
                    try {
                        cri.stopPodSandbox(s.getId());
                        cri.removePodSandbox(s.getId());
                    } catch (RuntimeException e) {
                        System.err.println("containerd teardown: sandbox " + s.getId() + ": " + e.getMessage());
                        dropNetns(s.getId());
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("containerd teardown: " + e.getMessage());
        } finally {
            if (cri != null) {
                cri.close();
            }
            LabProcesses.stop(pid, 5000);
            killShims();
            unmountUnder(dir);
        }
    }

    /** A sandbox whose CNI DEL failed keeps the namespace containerd made for it: delete that one by name. */
    private void dropNetns(String sandbox) {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/run/netns/(cni-[0-9a-f-]+)")
                    .matcher(cri.statusVerbose(sandbox).getOrDefault("info", ""));
            if (m.find()) {
                LabExec.capture(List.of("ip", "netns", "del", m.group(1)));
            }
        } catch (RuntimeException e) {
            System.err.println("containerd teardown: sandbox " + sandbox + ": " + e.getMessage());
        }
    }

    /** Ends the shims of this instance only: those whose command line names its socket. */
    private void killShims() {
        String address = socket().toString();
        ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> List.of(a).contains(address)).orElse(false))
                .forEach(h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                });
    }

    /** Unmounts (lazily, deepest first) every mount point under {@code root}. */
    static void unmountUnder(Path root) {
        try {
            List<String> points = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String point = line.split(" ")[1].replace("\\040", " ");
                if (point.startsWith(root.toString() + "/")) {
                    points.add(point);
                }
            }
            points.sort((a, b) -> b.length() - a.length());
            for (String p : points) {
                LabExec.capture(List.of("umount", "-l", p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
