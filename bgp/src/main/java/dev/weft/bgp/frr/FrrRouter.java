package dev.weft.bgp.frr;

import dev.weft.bgp.BgpException;
import dev.weft.io.AtomicFile;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * FRR's zebra and bgpd as a router of the lab, a second FRR instance independent of any system
 * one: a pathspace of its own, every file (configuration, pid files, zserv socket, vty sockets,
 * log) in {@code dir}, owned by {@code frr:frr} (the daemons drop to that user), no vty TCP port.
 * Started inside the network namespace at {@code netns} through {@code nsenter}; ended by pid.
 * {@link #vtysh} queries it through its vty sockets, from any namespace.
 */
public final class FrrRouter implements AutoCloseable {
    /** The Debian package with zebra, bgpd and vtysh. */
    public static final String PACKAGE = "frr";
    private static final Path DAEMONS = Path.of("/usr/lib/frr");

    private final String name;
    private final Path dir;

    private FrrRouter(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /**
     * Writes the configuration and starts zebra, then bgpd. {@code name} is FRR's pathspace (unique per
     * router on the machine); {@code dir} must be reachable by user {@code frr} (its parents searchable).
     */
    public static FrrRouter start(String name, Path dir, Optional<Path> netns, FrrConfig config) {
        for (String d : List.of("zebra", "bgpd")) {
            if (!Files.isExecutable(DAEMONS.resolve(d))) {
                throw new BgpException(DAEMONS.resolve(d) + ": not installed; install the Debian package " + PACKAGE);
            }
        }
        FrrRouter r = new FrrRouter(name, dir.toAbsolutePath());
        r.prepare(config);
        r.daemon(netns, "zebra", "-f", r.dir.resolve("zebra.conf").toString());
        r.await("zebra", r.dir.resolve("zserv.api"));
        r.daemon(netns, "bgpd", "-f", r.dir.resolve("frr.conf").toString());
        r.await("bgpd", r.dir.resolve("bgpd.vty"));
        return r;
    }

    public Path dir() {
        return dir;
    }

    /** {@code vtysh -c COMMAND} against this router; its output. */
    public String vtysh(String command) {
        try {
            Process p = new ProcessBuilder("vtysh", "--vty_socket", dir.toString(), "-c", command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new BgpException("vtysh -c '" + command + "' on " + name + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new BgpException("cannot run vtysh (package " + PACKAGE + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BgpException("interrupted", e);
        }
    }

    /** Ends bgpd, then zebra, by their pid files (TERM, then KILL after 5 s). */
    @Override
    public void close() {
        for (String d : List.of("bgpd", "zebra")) {
            pid(d).flatMap(ProcessHandle::of).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
    }

    /** The pid {@code daemon} wrote, if it did. */
    public Optional<Long> pid(String daemon) {
        try {
            Path f = dir.resolve(daemon + ".pid");
            return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void prepare(FrrConfig config) {
        try {
            Files.createDirectories(dir);
            AtomicFile.write(dir.resolve("frr.conf"), config.render().getBytes(StandardCharsets.UTF_8));
            String zebra = "hostname " + config.hostname() + "\n" + config.logFile().map(f -> "log file " + f + "\n").orElse("");
            AtomicFile.write(dir.resolve("zebra.conf"), zebra.getBytes(StandardCharsets.UTF_8));
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            GroupPrincipal group = users.lookupPrincipalByGroupName("frr");
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    own(p, users, group);
                }
            }
            own(dir, users, group);
            Files.setPosixFilePermissions(dir, java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_EXECUTE));
        } catch (IOException e) {
            throw new BgpException("cannot prepare " + dir + " for FRR (does user frr exist? package " + PACKAGE + "): "
                    + e.getMessage(), e);
        }
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new BgpException(p + ": not searchable by others, so FRR (user frr) cannot reach " + dir);
                }
            } catch (IOException e) {
                throw new BgpException("cannot read permissions of " + p + ": " + e.getMessage(), e);
            }
        }
    }

    private static void own(Path p, UserPrincipalLookupService users, GroupPrincipal group) throws IOException {
        Files.setOwner(p, users.lookupPrincipalByName("frr"));
        Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(group);
    }

    private void daemon(Optional<Path> netns, String daemon, String... extra) {
        List<String> cmd = new ArrayList<>();
        netns.ifPresent(ns -> cmd.addAll(List.of("nsenter", "--net=" + ns)));
        cmd.addAll(List.of(DAEMONS.resolve(daemon).toString(), "-d", "-N", name, "-i", dir.resolve(daemon + ".pid").toString(),
                "-z", dir.resolve("zserv.api").toString(), "--vty_socket", dir.toString(), "-u", "frr", "-g", "frr",
                "-P", "0"));
        cmd.addAll(List.of(extra));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(daemon + ".out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new BgpException(daemon + " did not start: " + String.join(" ", cmd) + ": " + output(daemon));
            }
        } catch (IOException e) {
            throw new BgpException("cannot start " + daemon + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BgpException("interrupted starting " + daemon, e);
        }
    }

    private void await(String daemon, Path file) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && pid(daemon).isPresent()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new BgpException(daemon + " did not come up (no " + file + "): " + output(daemon));
    }

    private String output(String daemon) {
        try {
            Path f = dir.resolve(daemon + ".out");
            return Files.exists(f) ? Files.readString(f).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
