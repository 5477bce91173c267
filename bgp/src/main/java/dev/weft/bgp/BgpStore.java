package dev.weft.bgp;

import dev.weft.store.Datastore;
import dev.weft.store.Entry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The BGP settings in the datastore: {@value BgpConfig#KEY} and one key per explicit peer under
 * {@value #PEERS}. Every write is a compare-and-swap, and every check (a known node, a free name,
 * a free peer address) happens before it, so a refused request stores nothing.
 */
public final class BgpStore {
    /** Everything BGP keeps in the datastore is under this prefix (watch it to follow changes). */
    public static final String PREFIX = "/weft/bgp/";
    /** One key per explicit peer: {@code /weft/bgp/peers/NAME}. */
    public static final String PEERS = PREFIX + "peers/";
    private static final int ATTEMPTS = 20;

    private final Datastore store;
    private final NodeDirectory nodes;

    /** Settings in {@code store}; {@code nodes} says which node names exist. */
    public BgpStore(Datastore store, NodeDirectory nodes) {
        this.store = store;
        this.nodes = nodes;
    }

    /** Settings in {@code store}, with the nodes the datastore's subnet leases and reservations name. */
    public BgpStore(Datastore store) {
        this(store, NodeDirectory.of(store));
    }

    /**
     * Stores the settings of {@code weft cluster init --backend bgp} once; the same settings again
     * are fine, different ones are refused (change them with {@link #update}).
     */
    public BgpConfig init(BgpConfig config) {
        checkNodes(config.reflectors(), Set.of(), "reflectors");
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<Entry> have = store.get(BgpConfig.KEY);
            if (have.isPresent()) {
                BgpConfig existing = BgpJson.config(have.get().value(), BgpConfig.KEY);
                if (!existing.equals(config)) {
                    throw new BgpException("BGP is already configured (as " + existing.asn() + ", mesh "
                            + (existing.mesh() ? "on" : "off") + "); change it instead of initialising again");
                }
                return existing;
            }
            if (store.put(BgpConfig.KEY, BgpJson.config(config), Datastore.ABSENT, 0).isPresent()) {
                return config;
            }
        }
        throw contention(BgpConfig.KEY);
    }

    /** The stored settings, or {@link BgpConfig#DEFAULT} when none were stored. */
    public BgpConfig config() {
        return store.get(BgpConfig.KEY).map(e -> BgpJson.config(e.value(), BgpConfig.KEY)).orElse(BgpConfig.DEFAULT);
    }

    /**
     * Applies {@code change} to the stored settings with a compare-and-swap, retried when someone
     * else changed them meanwhile. A reflector it adds must be a known node; one that is already
     * there may have left the cluster since and stays.
     */
    public BgpConfig update(UnaryOperator<BgpConfig> change) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<Entry> have = store.get(BgpConfig.KEY);
            BgpConfig old = have.map(e -> BgpJson.config(e.value(), BgpConfig.KEY)).orElse(BgpConfig.DEFAULT);
            BgpConfig now = change.apply(old);
            checkNodes(now.reflectors(), old.reflectors(), "reflectors");
            if (now.equals(old) && have.isPresent()) {
                return old;
            }
            long expected = have.map(Entry::modRevision).orElse(Datastore.ABSENT);
            if (store.put(BgpConfig.KEY, BgpJson.config(now), expected, 0).isPresent()) {
                return now;
            }
        }
        throw contention(BgpConfig.KEY);
    }

    /**
     * Adds an explicit peer. Refused, with nothing stored: a name that exists, a node that does not,
     * or an address another peer already has for the same node(s).
     */
    public BgpPeer addPeer(BgpPeer peer) {
        peer.node().ifPresent(n -> checkNodes(Set.of(n), Set.of(), "node"));
        String key = PEERS + peer.name();
        for (BgpPeer other : peers()) {
            if (other.name().equals(peer.name())) {
                throw new BgpException("name: a peer named \"" + peer.name() + "\" already exists (" + other.peerIp()
                        + " as " + other.asn() + "); delete it first");
            }
            boolean overlap = other.node().isEmpty() || peer.node().isEmpty() || other.node().equals(peer.node());
            if (other.peerIp().equals(peer.peerIp()) && overlap) {
                throw new BgpException("peerIp: " + peer.peerIp() + " is already peer \"" + other.name() + "\" for "
                        + other.node().map(n -> "node " + n).orElse("every node"));
            }
        }
        if (store.put(key, BgpJson.peer(peer), Datastore.ABSENT, 0).isEmpty()) {
            throw new BgpException("name: a peer named \"" + peer.name() + "\" already exists (added meanwhile)");
        }
        return peer;
    }

    /** Every explicit peer, by name. */
    public List<BgpPeer> peers() {
        return store.list(PEERS).stream().map(e -> BgpJson.peer(e.value(), e.key())).toList();
    }

    /** The peer named {@code name}, if any. */
    public Optional<BgpPeer> peer(String name) {
        return store.get(PEERS + name).map(e -> BgpJson.peer(e.value(), e.key()));
    }

    /** Deletes a peer; false when there was none of that name. */
    public boolean deletePeer(String name) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("name: not a peer name: \"" + name + "\"");
        }
        return store.get(PEERS + name).isPresent() && store.delete(PEERS + name, Datastore.ANY);
    }

    /** The settings and the peers, read now. */
    public BgpSettings settings() {
        return new BgpSettings(config(), peers());
    }

    /** Runs {@code onChange} after every change of BGP settings from now on; close to stop. */
    public AutoCloseable watch(Runnable onChange) {
        return store.watch(PREFIX, store.revision(), e -> onChange.run());
    }

    private void checkNodes(Set<String> wanted, Set<String> alreadyThere, String field) {
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(alreadyThere);
        if (missing.isEmpty()) {
            return;
        }
        Set<String> known = nodes.nodes();
        missing.removeAll(known);
        if (!missing.isEmpty()) {
            throw new BgpException(field + ": unknown node " + String.join(", ", missing) + " (known: "
                    + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))) + ")");
        }
    }

    private static BgpException contention(String key) {
        return new BgpException(key + ": changed by someone else " + ATTEMPTS + " times in a row; try again");
    }
}
