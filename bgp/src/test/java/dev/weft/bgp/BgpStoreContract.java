package dev.weft.bgp;

import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link BgpStore} promises, run against each datastore. Nodes are real: they hold subnet
 * leases (or a reservation) through {@link SubnetManager}, as the agents make them.
 */
public abstract class BgpStoreContract {
    protected Datastore store;
    private BgpStore bgp;

    protected abstract Datastore open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = open();
        SubnetManager subnets = new SubnetManager(store);
        subnets.init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "bgp"));
        subnets.acquire("n1", IpAddress.parse("192.0.2.11"), Map.of(), Optional.empty());
        subnets.acquire("n2", IpAddress.parse("192.0.2.12"), Map.of(), Optional.empty());
        subnets.reserve(Cidr.parse("10.244.200.0/24"), "n-reserved");
        bgp = new BgpStore(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void defaultsUntilInitialisedThenInitIsOnce() {
        assertThat(bgp.config()).isEqualTo(BgpConfig.DEFAULT);
        BgpConfig mine = BgpConfig.DEFAULT.withAsn(new Asn(64600)).withMesh(false);
        assertThat(bgp.init(mine)).isEqualTo(mine);
        assertThat(bgp.init(mine)).as("the same again is fine").isEqualTo(mine);
        assertThatThrownBy(() -> bgp.init(BgpConfig.DEFAULT)).isInstanceOf(BgpException.class)
                .hasMessageContaining("already configured (as 64600, mesh off)");
        assertThat(bgp.config()).isEqualTo(mine);
    }

    @Test
    void updatesAreCompareAndSwapAndReflectorsMustBeNodes() {
        bgp.update(c -> c.withReflector("n1", true));
        bgp.update(c -> c.withReflector("n-reserved", true));
        assertThat(bgp.config().reflectors()).containsExactly("n-reserved", "n1");
        long before = store.revision();
        assertThatThrownBy(() -> bgp.update(c -> c.withReflector("ghost", true))).isInstanceOf(BgpException.class)
                .hasMessage("reflectors: unknown node ghost (known: n-reserved, n1, n2)");
        assertThat(store.revision()).as("nothing stored").isEqualTo(before);
        assertThat(bgp.update(c -> c)).isEqualTo(bgp.config());
        assertThat(store.revision()).as("no change, no write").isEqualTo(before);
    }

    @Test
    void aReflectorThatLeftDoesNotBlockOtherChanges() {
        bgp.update(c -> c.withReflector("n2", true));
        new SubnetManager(store).releaseNode("n2");
        assertThat(bgp.update(c -> c.withMesh(false)).reflectors()).containsExactly("n2");
    }

    @Test
    void concurrentUpdatesAreAllKept() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (String n : List.of("n1", "n2", "n-reserved")) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    new BgpStore(store).update(c -> c.withReflector(n, true));
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).hasValue(0);
        assertThat(bgp.config().reflectors()).containsExactly("n-reserved", "n1", "n2");
    }

    @Test
    void peersAddListGetDelete() {
        BgpPeer tor = BgpPeer.parse("tor", "192.168.1.1", "65000", null, List.of("0.0.0.0/0"));
        BgpPeer rack = BgpPeer.parse("rack-2", "192.168.2.1", "65000", "n2", List.of());
        bgp.addPeer(tor);
        bgp.addPeer(rack);
        assertThat(bgp.peers()).containsExactly(rack, tor);
        assertThat(bgp.peer("tor")).contains(tor);
        assertThat(bgp.settings().peersOf("n1")).containsExactly(tor);
        assertThat(bgp.settings().peersOf("n2")).containsExactly(rack, tor);
        assertThat(bgp.deletePeer("tor")).isTrue();
        assertThat(bgp.deletePeer("tor")).isFalse();
        assertThat(bgp.peers()).containsExactly(rack);
    }

    @Test
    void badPeersAreRefusedWithNothingStored() {
        bgp.addPeer(BgpPeer.parse("tor", "192.168.1.1", "65000", null, List.of()));
        long before = store.revision();
        assertThatThrownBy(() -> bgp.addPeer(BgpPeer.parse("tor", "192.168.9.9", "65001", null, List.of())))
                .isInstanceOf(BgpException.class).hasMessageStartingWith("name: a peer named \"tor\" already exists");
        assertThatThrownBy(() -> bgp.addPeer(BgpPeer.parse("x", "192.168.9.9", "65001", "ghost", List.of())))
                .isInstanceOf(BgpException.class).hasMessageStartingWith("node: unknown node ghost");
        assertThatThrownBy(() -> bgp.addPeer(BgpPeer.parse("tor-again", "192.168.1.1", "65000", "n1", List.of())))
                .isInstanceOf(BgpException.class).hasMessage("peerIp: 192.168.1.1 is already peer \"tor\" for every node");
        assertThat(store.revision()).isEqualTo(before);
        assertThat(bgp.peers()).extracting(BgpPeer::name).containsExactly("tor");
    }

    @Test
    void oneAddressMayBeAPeerOfDifferentNodes() {
        bgp.addPeer(BgpPeer.parse("a", "192.168.1.1", "65000", "n1", List.of()));
        bgp.addPeer(BgpPeer.parse("b", "192.168.1.1", "65000", "n2", List.of()));
        assertThat(bgp.peers()).hasSize(2);
    }

    @Test
    void watchSeesChanges() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (AutoCloseable w = bgp.watch(seen::incrementAndGet)) {
            bgp.update(c -> c.withMesh(false));
            bgp.addPeer(BgpPeer.parse("tor", "192.168.1.1", "65000", null, List.of()));
            dev.weft.testkit.Await.until(java.time.Duration.ofSeconds(10), () -> seen.get() >= 2, "two watch events");
        }
    }
}
