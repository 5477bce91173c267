package dev.weft.ipam.cluster;

import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** The store, a process's {@link ClusterIpam}, an attachment source the test controls, and GC, for the GC tests. */
abstract class GcFixture {
    @TempDir
    Path tmp;
    protected final TestClock clock = new TestClock();
    protected HookedDatastore store;
    protected ClusterIpam ipam;
    /** What the attachment source answers per node; absent: "cannot tell". */
    protected final Map<String, Set<AttachmentId>> present = new HashMap<>();
    protected IpamGc gc;

    @BeforeEach
    void open() {
        store = new HookedDatastore(new EmbeddedDatastore(tmp.resolve("store.json")));
        ipam = new ClusterIpam(store, IpamOptions.defaults().withClock(clock).withRandom(new Random(3)));
        gc = new IpamGc(store, n -> Optional.ofNullable(present.get(n)).map(Set::copyOf), clock, IpamGc.DEFAULT_GRACE);
        new PoolAdmin(store).add(new PoolSpec("p", "10.0.0.0/28", Optional.of(28), List.of(), Optional.empty(), false));
    }

    protected static AttachmentId att(String id) {
        return AttachmentId.of(id, "eth0");
    }

    protected Allocation add(String node, String id) {
        Allocation a = ipam.allocate(AllocationRequest.of(node, att(id), "p"));
        present.computeIfAbsent(node, n -> new HashSet<>()).add(att(id));
        return a;
    }

    protected IpamSnapshot snap() {
        return IpamSnapshot.read(store);
    }
}
