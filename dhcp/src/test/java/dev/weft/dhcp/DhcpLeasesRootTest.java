package dev.weft.dhcp;

import dev.weft.cni.result.Route;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.lease.LeaseStore;
import dev.weft.dhcp.transport.KernelNetwork;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.testkit.Await;
import dev.weft.testkit.Netns;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The manager, the client and the UDP transport against a real dnsmasq 2.90, in namespaces: a
 * fabric with a bridge and dnsmasq, a container with a veth on the bridge.
 */
@RequiresRoot("creates network namespaces, a bridge and veths, and runs dnsmasq in them")
class DhcpLeasesRootTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final IpAddress ROUTER = IpAddress.parse("192.0.2.1");

    @RegisterExtension
    final Netns ns = new Netns();
    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Attachment attachment = Attachment.of("c0ffee01", "lan", "eth0");

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private DnsmasqFixture fixture() {
        DnsmasqFixture f = new DnsmasqFixture(ns, tmp);
        toClose.add(f);
        return f;
    }

    private DhcpLeases manager(Path stateDir) {
        DhcpLeases m = new DhcpLeases(new LeaseStore(stateDir), new KernelNetwork(), InstantSource.system(),
                new SecureRandom(), TIMEOUT);
        toClose.add(m);
        return m;
    }

    @Test
    void acquiresTheSameLeaseAgainRenewsAndReleases() throws Exception {
        DnsmasqFixture f = fixture().startServer();
        DhcpLeases leases = manager(tmp.resolve("state"));

        Lease lease = leases.acquire(attachment, f.netnsPath(), ClientOptions.DEFAULTS, TIMEOUT);
        String ip = lease.address().address().toString();
        assertThat(Cidr.parse("192.0.2.0/24").contains(lease.address().address())).isTrue();
        assertThat(lease.address().address().toBigInteger().intValue() & 0xff).isBetween(50, 99);
        assertThat(lease.address().prefixLength()).isEqualTo(24);
        assertThat(lease.gateway()).isEqualTo(ROUTER);
        assertThat(lease.routes()).containsExactly(Route.of(Cidr.parse("0.0.0.0/0"), ROUTER));
        assertThat(lease.dnsServers()).containsExactly(IpAddress.parse("192.0.2.53"));
        assertThat(lease.domain()).isEqualTo("weft.test");
        assertThat(lease.serverId()).isEqualTo(ROUTER);
        assertThat(lease.leaseTime()).isEqualTo(Duration.ofMinutes(2));
        Await.until(Duration.ofSeconds(5), () -> f.leaseExpiry(ip).isPresent(), "dnsmasq's lease file lists " + ip);
        assertThat(Files.readString(f.leaseFile())).contains("00:63:30:66:66:65:65:30:31:2f:6c:61:6e:2f:65:74:68:30");
        assertThat(tmp.resolve("state/lan:c0ffee01:eth0.json")).exists();
        assertThat(leases.check(attachment)).isEqualTo(lease);
        Await.until(Duration.ofSeconds(5), () -> !f.port68Open(), "a bound lease holds no socket");

        // A repeated ADD returns the held lease; a fresh client with the same identifier gets the same address.
        assertThat(leases.acquire(attachment, f.netnsPath(), ClientOptions.DEFAULTS, TIMEOUT)).isEqualTo(lease);
        DhcpLeases other = manager(tmp.resolve("other-state"));
        Lease again = other.acquire(attachment, f.netnsPath(), ClientOptions.DEFAULTS, TIMEOUT);
        assertThat(again.address()).isEqualTo(lease.address());
        other.close();
        Await.until(Duration.ofSeconds(5), () -> !f.port68Open(), "the second client's socket closed");

        // Renewal is unicast from the address the main plugin configured.
        f.configure(lease.address().toString());
        long expiry = f.leaseExpiry(ip).orElseThrow();
        Thread.sleep(1100); // dnsmasq's expiry has a resolution of one second
        Lease renewed = leases.renewNow(attachment, TIMEOUT);
        assertThat(renewed.address()).isEqualTo(lease.address());
        assertThat(renewed.boundAt()).isAfter(lease.boundAt());
        Await.until(Duration.ofSeconds(5), () -> f.leaseExpiry(ip).orElse(0L) > expiry,
                "dnsmasq's lease expiry moved past " + expiry);
        assertThat(f.log()).contains("DHCPREQUEST(br0) " + ip).contains("DHCPACK(br0) " + ip);

        assertThat(leases.release(attachment)).isTrue();
        Await.until(Duration.ofSeconds(5), () -> f.leaseExpiry(ip).isEmpty(), "dnsmasq freed " + ip);
        assertThat(f.log()).contains("DHCPRELEASE(br0) " + ip);
        assertThat(tmp.resolve("state/lan:c0ffee01:eth0.json")).doesNotExist();
        assertThatThrownBy(() -> leases.check(attachment)).isInstanceOf(DhcpException.class)
                .hasMessage("no DHCP lease for lan:c0ffee01:eth0");
        assertThat(leases.release(attachment)).isFalse();
        Await.until(Duration.ofSeconds(5), () -> !f.port68Open(), "the client's socket closed");
    }

    /**
     * Not a timing assertion: prints how long acquisitions take (on stderr, {@code [dhcp-timing]}),
     * for the report. dnsmasq pings an address before offering it (about 3 s); with
     * {@code --no-ping} the exchange itself is measured.
     */
    @Test
    void acquisitionTimes() {
        DnsmasqFixture f = fixture().startServer("--no-ping");
        DhcpLeases leases = manager(tmp.resolve("state"));
        List<Long> newClient = new ArrayList<>();
        List<Long> knownClient = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Attachment a = Attachment.of("timing" + i, "lan", "eth0");
            long t = System.nanoTime();
            leases.acquire(a, f.netnsPath(), ClientOptions.DEFAULTS, TIMEOUT);
            newClient.add((System.nanoTime() - t) / 1_000_000);
            DhcpLeases again = manager(tmp.resolve("again" + i));
            t = System.nanoTime();
            again.acquire(a, f.netnsPath(), ClientOptions.DEFAULTS, TIMEOUT);
            knownClient.add((System.nanoTime() - t) / 1_000_000);
            again.close();
            assertThat(leases.release(a)).isTrue();
        }
        System.err.println("[dhcp-timing] acquire, new client, ms: " + newClient);
        System.err.println("[dhcp-timing] acquire, client dnsmasq knows, ms: " + knownClient);
    }

    @Test
    void withoutAServerAcquireFailsWithinTheTimeoutAndLeavesNothing() throws Exception {
        DnsmasqFixture f = fixture(); // no dnsmasq
        DhcpLeases leases = manager(tmp.resolve("state"));
        Duration timeout = Duration.ofSeconds(3);
        long start = System.nanoTime();
        assertThatThrownBy(() -> leases.acquire(attachment, f.netnsPath(), ClientOptions.DEFAULTS, timeout))
                .isInstanceOf(DhcpException.class)
                .satisfies(e -> assertThat(((DhcpException) e).reason()).isEqualTo(DhcpException.Reason.TIMEOUT))
                .hasMessageStartingWith("no DHCP lease within 3 s for ")
                .hasMessageContaining("DISCOVER sent, 0 OFFER received");
        // The client's own deadline ends it; the manager's grace (5 s) is not needed.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(2));
        assertThat(leases.attachments()).isEmpty();
        try (var files = Files.list(tmp.resolve("state"))) {
            assertThat(files).isEmpty();
        }
        Await.until(Duration.ofSeconds(5), () -> !f.port68Open(), "the client's socket closed");
    }

    @Test
    void aMissingInterfaceIsNamed() {
        DnsmasqFixture f = fixture();
        DhcpLeases leases = manager(tmp.resolve("state"));
        assertThatThrownBy(() -> leases.acquire(Attachment.of("c1", "lan", "eth9"), f.netnsPath(),
                ClientOptions.DEFAULTS, TIMEOUT))
                .isInstanceOf(DhcpException.class)
                .hasMessage("no interface eth9 in " + f.netnsPath());
        assertThatThrownBy(() -> leases.acquire(attachment, "/run/netns/wt-dh-none", ClientOptions.DEFAULTS, TIMEOUT))
                .isInstanceOf(DhcpException.class)
                .hasMessageStartingWith("no network namespace /run/netns/wt-dh-none");
    }

    @Test
    void aRestartedManagerResumesAndRenewsThePersistedLease() throws Exception {
        DnsmasqFixture f = fixture().startServer();
        Path state = tmp.resolve("state");
        DhcpLeases first = manager(state);
        Lease lease = first.acquire(attachment, f.netnsPath(), ClientOptions.DEFAULTS, TIMEOUT);
        String ip = lease.address().address().toString();
        f.configure(lease.address().toString());
        first.close(); // the daemon stops: no RELEASE, the lease stays on disk
        Await.until(Duration.ofSeconds(5), () -> f.leaseExpiry(ip).isPresent(), "dnsmasq's lease file lists " + ip);
        long expiry = f.leaseExpiry(ip).orElseThrow();
        Thread.sleep(1100);

        DhcpLeases second = manager(state);
        second.resumeAll();
        assertThat(second.attachments()).containsExactly(attachment);
        Await.until(TIMEOUT, () -> second.lease(attachment).map(l -> l.boundAt().isAfter(lease.boundAt())).orElse(false),
                "the resumed lease confirmed by the server");
        assertThat(second.check(attachment).address()).isEqualTo(lease.address());
        Await.until(Duration.ofSeconds(5), () -> f.leaseExpiry(ip).orElse(0L) > expiry, "dnsmasq's expiry moved");
        Lease renewed = second.renewNow(attachment, TIMEOUT);
        assertThat(renewed.address()).isEqualTo(lease.address());
        assertThat(second.release(attachment)).isTrue();
        Await.until(Duration.ofSeconds(5), () -> f.leaseExpiry(ip).isEmpty(), "dnsmasq freed " + ip);
    }
}
