package dev.weft.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** Node subnet leases on a {@link Datastore}; see the package notes for the order of choices. */
public final class SubnetManager {
    static final String RESERVATIONS = "/weft/reservations/";
    private static final int CANDIDATES = 100;

    private final Datastore store;
    private final Random random;

    public SubnetManager(Datastore store) {
        this(store, new SecureRandom());
    }

    SubnetManager(Datastore store, Random random) {
        this.store = store;
        this.random = random;
    }

    /** Stores the cluster configuration once; an existing different one is an error. */
    public ClusterConfig init(ClusterConfig config) {
        Optional<Entry> existing = store.get(ClusterConfig.KEY);
        if (existing.isPresent()) {
            ClusterConfig have = ClusterConfig.fromJson(existing.get().value());
            if (!have.equals(config)) {
                throw new ClusterException("the cluster is already initialised with " + have.network() + " /"
                        + have.subnetLength() + " " + have.backend());
            }
            return have;
        }
        if (store.put(ClusterConfig.KEY, config.toJson(), Datastore.ABSENT, 0).isEmpty()) {
            return init(config); // lost a race with another init: compare with theirs
        }
        return config;
    }

    public ClusterConfig config() {
        return store.get(ClusterConfig.KEY).map(e -> ClusterConfig.fromJson(e.value()))
                .orElseThrow(() -> new ClusterException("the cluster is not initialised: run weft cluster init"));
    }

    /** Reserves {@code subnet} for {@code node}: nobody else gets it, and it never expires. */
    public void reserve(Cidr subnet, String node) {
        store.put(SubnetKey.of(RESERVATIONS, subnet), node.getBytes(StandardCharsets.UTF_8), Datastore.ANY, 0);
    }

    /** Every current subnet lease. */
    public List<SubnetLease> leases() {
        return store.list(SubnetLease.PREFIX).stream().map(SubnetLease::fromEntry).toList();
    }

    /**
     * Runs {@code onChange} after every lease change from now on (no replay); close the handle to
     * stop. Callers re-read {@link #leases()}: the event only says that something changed.
     */
    public AutoCloseable watchLeases(Runnable onChange) {
        return store.watch(SubnetLease.PREFIX, store.revision(), e -> onChange.run());
    }

    /**
     * Gets {@code node} a subnet: its reservation, the one it holds, {@code previous} if free, or a
     * free one. The returned lease is attached to a fresh datastore lease of the cluster's TTL.
     */
    public SubnetLease acquire(String node, IpAddress publicIp, Map<String, String> backendData, Optional<Cidr> previous) {
        ClusterConfig cfg = config();
        for (int attempt = 0; attempt < 20; attempt++) {
            Map<Cidr, String> reserved = reservations();
            List<SubnetLease> all = leases();
            Optional<Cidr> mine = reserved.entrySet().stream().filter(e -> e.getValue().equals(node))
                    .map(Map.Entry::getKey).findFirst()
                    .or(() -> all.stream().filter(l -> l.node().equals(node)).map(SubnetLease::subnet).findFirst())
                    .or(() -> previous.filter(p -> free(p, cfg, all, reserved)));
            Cidr pick = mine.orElseGet(() -> randomFree(cfg, all, reserved));
            Optional<SubnetLease> got = claim(pick, node, publicIp, backendData, cfg, all);
            if (got.isPresent()) {
                return got.get();
            }
        }
        throw new ClusterException("could not claim a subnet for " + node + " after 20 attempts (heavy contention?)");
    }

    private Optional<SubnetLease> claim(Cidr subnet, String node, IpAddress publicIp, Map<String, String> data,
                                        ClusterConfig cfg, List<SubnetLease> all) {
        Optional<SubnetLease> held = all.stream().filter(l -> l.subnet().equals(subnet)).findFirst();
        if (held.isPresent() && !held.get().node().equals(node)) {
            return Optional.empty(); // someone else's: try again with fresh state
        }
        long lease = store.grantLease(Duration.ofSeconds(cfg.leaseTtlSeconds()));
        SubnetLease want = new SubnetLease(subnet, node, publicIp, data, lease, 0);
        long expected = held.map(SubnetLease::modRevision).orElse(Datastore.ABSENT);
        Optional<Long> rev = store.put(SubnetLease.key(subnet), want.toJson(), expected, lease);
        if (rev.isEmpty()) {
            store.revokeLease(lease);
            return Optional.empty();
        }
        held.filter(h -> h.storeLease() != 0 && h.storeLease() != lease).ifPresent(h -> store.revokeLease(h.storeLease()));
        return Optional.of(new SubnetLease(subnet, node, publicIp, data, lease, rev.get()));
    }

    /** Renews the lease; false when it was lost (expired), after which the caller acquires again. */
    public boolean renew(SubnetLease lease) {
        if (!store.renewLease(lease.storeLease())) {
            return false;
        }
        return store.get(SubnetLease.key(lease.subnet())).map(e -> e.lease() == lease.storeLease()).orElse(false);
    }

    /** Gives the subnet back (node removal). */
    public void release(SubnetLease lease) {
        store.delete(SubnetLease.key(lease.subnet()), Datastore.ANY);
        store.revokeLease(lease.storeLease());
    }

    /** Releases every lease {@code node} holds (the node was removed); returns how many. */
    public int releaseNode(String node) {
        List<SubnetLease> held = leases().stream().filter(l -> l.node().equals(node)).toList();
        held.forEach(this::release);
        return held.size();
    }

    private Map<Cidr, String> reservations() {
        Map<Cidr, String> out = new java.util.HashMap<>();
        for (Entry e : store.list(RESERVATIONS)) {
            out.put(SubnetKey.parse(RESERVATIONS, e.key()), e.text());
        }
        return out;
    }

    private static boolean free(Cidr c, ClusterConfig cfg, List<SubnetLease> all, Map<Cidr, String> reserved) {
        return c.prefixLength() == cfg.subnetLength() && c.compareTo(cfg.subnetMin()) >= 0
                && c.compareTo(cfg.subnetMax()) <= 0 && !reserved.containsKey(c)
                && all.stream().noneMatch(l -> l.subnet().equals(c));
    }

    /** A random one among the first free candidates in range order (Flannel's spreading trick). */
    private Cidr randomFree(ClusterConfig cfg, List<SubnetLease> all, Map<Cidr, String> reserved) {
        Set<Cidr> taken = new HashSet<>(reserved.keySet());
        all.forEach(l -> taken.add(l.subnet()));
        BigInteger step = BigInteger.ONE.shiftLeft(cfg.network().network().bitLength() - cfg.subnetLength());
        List<Cidr> candidates = new ArrayList<>();
        BigInteger at = cfg.subnetMin().network().toBigInteger();
        BigInteger end = cfg.subnetMax().network().toBigInteger();
        while (at.compareTo(end) <= 0 && candidates.size() < CANDIDATES) {
            Cidr c = new Cidr(IpAddress.ofBigInteger(at, !cfg.network().isV4()), cfg.subnetLength());
            if (!taken.contains(c)) {
                candidates.add(c);
            }
            at = at.add(step);
        }
        if (candidates.isEmpty()) {
            throw new ClusterException("no free subnet left in " + cfg.subnetMin() + " .. " + cfg.subnetMax()
                    + " (" + all.size() + " leased, " + reserved.size() + " reserved)");
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}
