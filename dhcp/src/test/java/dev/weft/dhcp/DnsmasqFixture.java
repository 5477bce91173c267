package dev.weft.dhcp;

import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A fabric namespace with bridge {@code br0} (192.0.2.1/24), a "container" namespace whose
 * {@code eth0} is a veth on that bridge (left down: the client sets it up), and dnsmasq serving
 * 192.0.2.50-99 for 2 minutes (its shortest lease) with router, DNS and domain, every file under
 * {@code dir}. The namespaces belong to the test's {@link Netns}; {@link #close} ends dnsmasq.
 */
final class DnsmasqFixture implements AutoCloseable {
    final String fabric;
    final String container;
    final Path dir;
    Daemon dnsmasq;

    DnsmasqFixture(Netns ns, Path dir) {
        this.dir = dir;
        fabric = ns.create("wt-dhf");
        container = ns.create("wt-dhc");
        Proc.sh("ip", "-n", fabric, "link", "add", "br0", "type", "bridge");
        Proc.sh("ip", "-n", fabric, "addr", "add", "192.0.2.1/24", "dev", "br0");
        Proc.sh("ip", "-n", fabric, "link", "set", "br0", "up");
        Proc.sh("ip", "-n", fabric, "link", "add", "veth0", "type", "veth", "peer", "name", "eth0", "netns", container);
        Proc.sh("ip", "-n", fabric, "link", "set", "veth0", "master", "br0", "up");
    }

    String netnsPath() {
        return Netns.path(container);
    }

    Path leaseFile() {
        return dir.resolve("dnsmasq.leases");
    }

    /** Starts dnsmasq with {@code extra} arguments (e.g. {@code --no-ping}) and waits until it serves. */
    DnsmasqFixture startServer(String... extra) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("dnsmasq", "--conf-file=/dev/null",
                "--keep-in-foreground", "--no-resolv", "--port=0", "--interface=br0", "--bind-interfaces",
                "--dhcp-range=192.0.2.50,192.0.2.99,255.255.255.0,2m", "--dhcp-leasefile=" + leaseFile(),
                "--pid-file=" + dir.resolve("dnsmasq.pid"), "--dhcp-option=3,192.0.2.1",
                "--dhcp-option=6,192.0.2.53", "--dhcp-option=15,weft.test", "--log-dhcp", "--log-facility=-"));
        cmd.addAll(java.util.List.of(extra));
        dnsmasq = Daemon.start("dnsmasq", fabric, dir.resolve("dnsmasq.log"), cmd.toArray(String[]::new));
        dnsmasq.awaitReady(Duration.ofSeconds(10), () -> dnsmasq.log().contains("DHCP, IP range"));
        return this;
    }

    /** The expiry (epoch seconds) of dnsmasq's lease of {@code address}, if it holds one. */
    Optional<Long> leaseExpiry(String address) {
        try {
            if (!Files.exists(leaseFile())) {
                return Optional.empty();
            }
            return Files.readAllLines(leaseFile()).stream().map(l -> l.split(" "))
                    .filter(f -> f.length > 2 && f[2].equals(address)).map(f -> Long.parseLong(f[0])).findFirst();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the leased address on the container's interface, as the main plugin does with the result. */
    void configure(String addressWithPrefix) {
        Proc.sh("ip", "-n", container, "addr", "add", addressWithPrefix, "dev", "eth0");
    }

    /** Whether a socket in the container's namespace is bound to UDP port 68. */
    boolean port68Open() {
        return Proc.inNetns(container, "ss", "-uanH").check().out().lines().anyMatch(l -> l.contains(":68 "));
    }

    String log() {
        return dnsmasq == null ? "" : dnsmasq.log();
    }

    @Override
    public void close() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }
}
