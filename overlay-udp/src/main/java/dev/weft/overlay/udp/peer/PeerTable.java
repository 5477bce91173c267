package dev.weft.overlay.udp.peer;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable snapshot of the peers: which underlay address owns each peer subnet, and the set
 * of peer underlay addresses. Lookups are longest-prefix-first over one open-addressing hash table
 * per distinct prefix length (usually one: every node's subnet has the same length), so a lookup
 * is a few array reads and allocates nothing. The datapath reads the current snapshot through
 * {@link LivePeers}; an update builds a new snapshot and swaps it in whole.
 */
public final class PeerTable {
    /** No peers. */
    public static final PeerTable EMPTY = of(Map.of());

    private final Map<Cidr, IpAddress> entries;
    private final int[] lengths;
    private final int[][] keys;
    private final int[][] values;
    private final int[] peerSet;

    private PeerTable(Map<Cidr, IpAddress> entries) {
        this.entries = entries;
        TreeMap<Integer, Map<Integer, Integer>> byLength = new TreeMap<>(Collections.reverseOrder());
        TreeSet<Integer> peers = new TreeSet<>();
        entries.forEach((cidr, peer) -> {
            byLength.computeIfAbsent(cidr.prefixLength(), k -> new LinkedHashMap<>()).put(toInt(cidr.network()), toInt(peer));
            peers.add(toInt(peer));
        });
        lengths = byLength.keySet().stream().mapToInt(Integer::intValue).toArray();
        keys = new int[lengths.length][];
        values = new int[lengths.length][];
        int i = 0;
        for (Map<Integer, Integer> m : byLength.values()) {
            int size = tableSize(m.size());
            keys[i] = new int[size];
            values[i] = new int[size];
            for (var e : m.entrySet()) {
                int slot = slot(e.getKey(), size);
                while (values[i][slot] != 0) {
                    slot = (slot + 1) & (size - 1);
                }
                keys[i][slot] = e.getKey();
                values[i][slot] = e.getValue();
            }
            i++;
        }
        peerSet = new int[tableSize(peers.size())];
        for (int p : peers) {
            int slot = slot(p, peerSet.length);
            while (peerSet[slot] != 0) {
                slot = (slot + 1) & (peerSet.length - 1);
            }
            peerSet[slot] = p;
        }
    }

    /**
     * The table of {@code entries} (peer subnet → peer underlay address). Both must be IPv4, the
     * underlay address not {@code 0.0.0.0}; the message names the offending entry.
     */
    public static PeerTable of(Map<Cidr, IpAddress> entries) {
        Map<Cidr, IpAddress> copy = new TreeMap<>();
        entries.forEach((cidr, peer) -> {
            if (!cidr.isV4()) {
                throw new IllegalArgumentException("peer subnet " + cidr + " is not IPv4");
            }
            if (!peer.isV4() || peer.isUnspecified()) {
                throw new IllegalArgumentException("peer address " + peer + " of subnet " + cidr + " is not a unicast IPv4 address");
            }
            copy.put(cidr, peer);
        });
        return new PeerTable(Collections.unmodifiableMap(copy));
    }

    /** The underlay address owning {@code destination} (longest prefix), or 0 when no peer does. */
    public int lookup(int destination) {
        for (int i = 0; i < lengths.length; i++) {
            int len = lengths[i];
            int key = len == 0 ? 0 : destination & (-1 << (32 - len));
            int[] k = keys[i];
            int[] v = values[i];
            int mask = k.length - 1;
            for (int slot = slot(key, k.length); v[slot] != 0; slot = (slot + 1) & mask) {
                if (k[slot] == key) {
                    return v[slot];
                }
            }
        }
        return 0;
    }

    /** Whether {@code address} is a peer's underlay address (datagrams from others are dropped). */
    public boolean isPeer(int address) {
        if (address == 0) {
            return false;
        }
        int mask = peerSet.length - 1;
        for (int slot = slot(address, peerSet.length); peerSet[slot] != 0; slot = (slot + 1) & mask) {
            if (peerSet[slot] == address) {
                return true;
            }
        }
        return false;
    }

    /** The entries, sorted by subnet. */
    public Map<Cidr, IpAddress> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** The address int of an IPv4 {@link IpAddress}, first octet most significant. */
    public static int toInt(IpAddress a) {
        if (!a.isV4()) {
            throw new IllegalArgumentException(a + " is not IPv4");
        }
        return ByteBuffer.wrap(a.bytes()).getInt();
    }

    /** The {@link IpAddress} of an address int. */
    public static IpAddress toAddress(int a) {
        return IpAddress.of(ByteBuffer.allocate(4).putInt(a).array());
    }

    private static int tableSize(int n) {
        return Math.max(4, Integer.highestOneBit(Math.max(1, n) * 2 - 1) * 2);
    }

    private static int slot(int key, int size) {
        int h = key * 0x9E3779B1;
        return (h ^ (h >>> 16)) & (size - 1);
    }

    @Override
    public String toString() {
        return "PeerTable" + entries;
    }
}
