package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolAdminTest {
    @TempDir
    Path tmp;
    private Datastore store;
    private PoolAdmin admin;

    @BeforeEach
    void open() {
        store = new EmbeddedDatastore(tmp.resolve("store.json"));
        admin = new PoolAdmin(store);
    }

    private static PoolSpec spec(String name, String cidr) {
        return new PoolSpec(name, cidr, Optional.empty(), List.of(), Optional.empty(), false);
    }

    @Test
    void addListAndAddAgain() {
        Pool a = admin.add(spec("a", "10.0.0.0/16"));
        admin.add(spec("b", "fd00::/64"));
        assertThat(admin.add(spec("a", "10.0.0.0/16"))).as("the same pool again is fine").isEqualTo(a);
        assertThat(admin.list()).extracting(Pool::name).containsExactly("a", "b");
        assertThatThrownBy(() -> admin.add(spec("a", "10.1.0.0/16"))).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_EXISTS));
        assertThatThrownBy(() -> admin.add(spec("c", "10.0.128.0/17"))).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_OVERLAP)).hasMessageContaining("pool a");
        assertThat(admin.list()).hasSize(2);
    }

    @Test
    void concurrentOverlappingAddsCannotBothWin() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger won = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 6; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    new PoolAdmin(new EmbeddedDatastore(tmp.resolve("store.json"))).add(spec("p" + n, "10.0.0.0/" + (16 + n)));
                    won.incrementAndGet();
                } catch (IpamException e) {
                    assertThat(e.error()).isEqualTo(IpamError.POOL_OVERLAP);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(won).hasValue(1);
        assertThat(admin.list()).hasSize(1);
    }

    @Test
    void aPoolInUseIsDeletedOnlyWithForce() {
        admin.add(spec("a", "10.0.0.0/24"));
        ClusterIpam ipam = new ClusterIpam(store);
        Allocation x = ipam.allocate(AllocationRequest.of("n1", AttachmentId.of("x", "eth0"), "a"));
        assertThatThrownBy(() -> admin.del("a", false)).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_IN_USE)).hasMessageContaining("1 allocated");
        assertThat(admin.list()).hasSize(1);
        ipam.release(AttachmentId.of("x", "eth0"));
        PoolAdmin.Deleted d = admin.del("a", false);
        assertThat(d.blocksDeleted()).isEqualTo(1);
        assertThat(d.leftBehind()).isEmpty();
        assertThat(store.list(IpamKeys.ROOT)).extracting(dev.weft.store.Entry::key).containsExactly(IpamKeys.POOLS);
        assertThatThrownBy(() -> admin.del("a", false)).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_NOT_FOUND));
        assertThat(x.pool()).isEqualTo("a");
    }

    @Test
    void forceReleasesEverythingOfThePoolAndKeepsOtherPools() {
        admin.add(spec("a", "10.0.0.0/24"));
        admin.add(spec("b", "10.1.0.0/24"));
        ClusterIpam ipam = new ClusterIpam(store);
        AttachmentId x = AttachmentId.of("x", "eth0");
        ipam.allocate(AllocationRequest.of("n1", x, "a"));
        Allocation kept = ipam.allocate(AllocationRequest.of("n1", x, "b"));
        PoolAdmin.Deleted d = admin.del("a", true);
        assertThat(d.addressesReleased()).isEqualTo(1);
        assertThat(d.handlesUpdated()).isEqualTo(1);
        assertThat(ipam.lookup(x)).containsExactly(kept);
        assertThat(IpamReport.check(IpamSnapshot.read(store), Optional.empty(), 0)).isEmpty();
    }
}
