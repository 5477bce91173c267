package dev.weft.dhcp;

import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.lease.LeaseStore;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manager over {@link FakeNetwork}: persistence, repeated ADD, release, resume, forgetting. */
class DhcpLeasesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String NETNS = "/run/netns/c1";

    @TempDir
    Path tmp;
    private final FakeNetwork network = new FakeNetwork();
    private final List<DhcpLeases> managers = new ArrayList<>();
    private final Attachment a = Attachment.of("c1", "lan", "eth0");

    private DhcpLeases manager() {
        DhcpLeases m = new DhcpLeases(new LeaseStore(tmp), network, InstantSource.system(), new Random(1), TIMEOUT);
        managers.add(m);
        return m;
    }

    @AfterEach
    void close() {
        managers.forEach(DhcpLeases::close);
    }

    @Test
    void acquireChecksPersistsAndReleases() {
        DhcpLeases m = manager();
        Lease lease = m.acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT);
        assertThat(lease.address().address()).isEqualTo(FakeNetwork.ADDRESS);
        assertThat(m.check(a)).isEqualTo(lease);
        assertThat(new LeaseStore(tmp).load(a)).hasValueSatisfying(p -> {
            assertThat(p.lease()).isEqualTo(lease);
            assertThat(p.netns()).isEqualTo(NETNS);
        });
        assertThat(m.acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT)).isSameAs(lease);
        assertThat(network.count(MessageType.DISCOVER)).isEqualTo(1);
        Await.until(Duration.ofSeconds(5), () -> network.openSockets.get() == 0, "the socket closed once bound");

        assertThat(m.release(a)).isTrue();
        assertThat(network.count(MessageType.RELEASE)).isEqualTo(1);
        assertThat(new LeaseStore(tmp).load(a)).isEmpty();
        assertThat(m.attachments()).isEmpty();
        assertThat(m.release(a)).isFalse();
        Await.until(Duration.ofSeconds(5), () -> network.openSockets.get() == 0, "the socket closed after release");
    }

    @Test
    void renewNowGetsAFreshLease() {
        DhcpLeases m = manager();
        Lease first = m.acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT);
        Lease renewed = m.renewNow(a, TIMEOUT);
        assertThat(renewed.boundAt()).isAfterOrEqualTo(first.boundAt());
        assertThat(network.received.getLast().ciaddr()).isEqualTo(FakeNetwork.ADDRESS);
        assertThat(new LeaseStore(tmp).load(a).orElseThrow().lease()).isEqualTo(renewed);
    }

    @Test
    void aMissingNamespaceIsRefusedBeforeAnythingIsSent() {
        network.missing.add(NETNS);
        assertThatThrownBy(() -> manager().acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT))
                .isInstanceOf(DhcpException.class).hasMessage("no network namespace /run/netns/c1");
        assertThat(network.received).isEmpty();
        assertThat(new LeaseStore(tmp).all()).isEmpty();
    }

    @Test
    void aNakedAcquisitionFailsAtItsTimeoutAndLeavesNothing() {
        network.nak = true;
        DhcpLeases m = manager();
        assertThatThrownBy(() -> m.acquire(a, NETNS, ClientOptions.DEFAULTS, Duration.ofMillis(300)))
                .isInstanceOf(DhcpException.class)
                .hasMessageContaining("last problem: a NAK from 192.0.2.1");
        assertThat(m.attachments()).isEmpty();
        assertThat(new LeaseStore(tmp).all()).isEmpty();
        Await.until(Duration.ofSeconds(5), () -> network.openSockets.get() == 0, "the socket closed");
    }

    @Test
    void aNewManagerResumesWithInitRebootAndForgetsLeasesWhoseNamespaceIsGone() {
        DhcpLeases first = manager();
        Lease lease = first.acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT);
        Attachment gone = Attachment.of("c2", "lan", "eth0");
        first.acquire(gone, "/run/netns/c2", ClientOptions.DEFAULTS, TIMEOUT);
        first.close();
        network.missing.add("/run/netns/c2");
        network.received.clear();

        DhcpLeases second = manager();
        second.resumeAll();
        assertThat(second.attachments()).containsExactly(a);
        assertThat(new LeaseStore(tmp).load(gone)).isEmpty();
        Await.until(Duration.ofSeconds(5), () -> second.lease(a).map(l -> l.boundAt().isAfter(lease.boundAt())).orElse(false),
                "resumed lease confirmed");
        assertThat(network.received).first().satisfies(p -> {
            assertThat(p.messageType()).contains(MessageType.REQUEST);
            assertThat(p.options().requestedAddress()).contains(lease.address().address());
        });
        assertThat(network.count(MessageType.DISCOVER)).isZero();
    }

    @Test
    void whileARestartConfirmsTheLeaseCheckAndARepeatedAddUseTheRememberedOne() {
        DhcpLeases first = manager();
        Lease lease = first.acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT);
        first.close();
        network.silent = true;
        DhcpLeases second = manager();
        second.resumeAll();
        assertThat(second.check(a)).isEqualTo(lease);
        assertThat(second.acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT)).isEqualTo(lease);
        assertThat(network.count(MessageType.DISCOVER)).isEqualTo(1);
    }

    @Test
    void aLeaseWhoseNamespaceVanishedIsForgottenAtItsNextRenewal() {
        DhcpLeases m = manager();
        m.acquire(a, NETNS, ClientOptions.DEFAULTS, TIMEOUT);
        Await.until(Duration.ofSeconds(5), () -> network.openSockets.get() == 0, "the socket closed once bound");
        network.missing.add(NETNS);
        assertThatThrownBy(() -> m.renewNow(a, TIMEOUT)).isInstanceOf(DhcpException.class);
        Await.until(Duration.ofSeconds(5), () -> m.attachments().isEmpty(), "the lease forgotten");
        assertThat(new LeaseStore(tmp).load(a)).isEmpty();
    }
}
