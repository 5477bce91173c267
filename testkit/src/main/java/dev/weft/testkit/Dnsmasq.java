package dev.weft.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * dnsmasq as a test's DHCP server (Debian {@code dnsmasq-base}), the recipe of shared/RECIPES.md:
 * in a namespace of the test's, on one interface, DNS off, every file (config none, leases, pid,
 * log) under a directory the test owns; {@link #close()} ends it by pid. Leases are 2 minutes
 * (dnsmasq's shortest), so a test forces renewals instead of waiting for them.
 */
public final class Dnsmasq implements AutoCloseable {
    private final Daemon daemon;
    private final Path dir;

    private Dnsmasq(Daemon daemon, Path dir) {
        this.daemon = daemon;
        this.dir = dir;
    }

    /**
     * Serves {@code first}..{@code last} (mask 255.255.255.0) on {@code iface} in {@code netns}, with
     * {@code extra} arguments (e.g. {@code --dhcp-option=3,192.0.2.1}, {@code --no-ping}); returns
     * once dnsmasq says it serves the range.
     */
    public static Dnsmasq start(String netns, String iface, Path dir, String first, String last, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--conf-file=/dev/null", "--keep-in-foreground",
                "--no-resolv", "--port=0", "--interface=" + iface, "--bind-interfaces",
                "--dhcp-range=" + first + "," + last + ",255.255.255.0,2m",
                "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases"), "--pid-file=" + dir.resolve("dnsmasq.pid"),
                "--log-dhcp", "--log-facility=-"));
        cmd.addAll(List.of(extra));
        Daemon d = Daemon.start("dnsmasq", netns, dir.resolve("dnsmasq.log"), cmd.toArray(String[]::new));
        d.awaitReady(Duration.ofSeconds(10), () -> d.log().contains("DHCP, IP range"));
        return new Dnsmasq(d, dir);
    }

    public Path leaseFile() {
        return dir.resolve("dnsmasq.leases");
    }

    /** The addresses dnsmasq holds leases for now (its lease file: {@code EXPIRY MAC ADDRESS NAME CLIENT-ID}). */
    public List<String> leased() {
        return lines().stream().map(l -> l.split(" ")).filter(f -> f.length > 2).map(f -> f[2]).toList();
    }

    /** The expiry (epoch seconds) of dnsmasq's lease of {@code address}, if it holds one. */
    public Optional<Long> expiry(String address) {
        return lines().stream().map(l -> l.split(" ")).filter(f -> f.length > 2 && f[2].equals(address))
                .map(f -> Long.parseLong(f[0])).findFirst();
    }

    public String log() {
        return daemon.log();
    }

    public boolean alive() {
        return daemon.alive();
    }

    private List<String> lines() {
        try {
            return Files.exists(leaseFile()) ? Files.readAllLines(leaseFile()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
