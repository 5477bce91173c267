package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/** The datastore key layout (described in the package notes). */
public final class IpamKeys {
    public static final String ROOT = "/weft/ipam/";
    /** The one document holding every pool. */
    public static final String POOLS = ROOT + "pools";
    /** Watch this prefix to follow blocks (affinity changes and borrowed addresses) for routing. */
    public static final String BLOCKS = ROOT + "blocks/";
    public static final String AFFINITY = ROOT + "affinity/";
    public static final String HANDLES = ROOT + "handles/";
    /** Nodes removed from the cluster ({@link NodeRemovals}): GC releases their allocations at once. */
    public static final String REMOVED = ROOT + "removed/";

    /**
     * Pools a node found exhausted while other nodes held reservations in them ({@link GiveBack}):
     * every agent watching it gives its unused reservations of that pool back.
     */
    public static final String WANTED = ROOT + "wanted/";

    private IpamKeys() {
    }

    static String cidr(Cidr c) {
        return c.network() + "-" + c.prefixLength();
    }

    static Cidr parseCidr(String segment) {
        int dash = segment.lastIndexOf('-');
        return new Cidr(IpAddress.parse(segment.substring(0, dash)), Integer.parseInt(segment.substring(dash + 1)));
    }

    public static String blocksOf(String pool) {
        return BLOCKS + pool + "/";
    }

    public static String block(String pool, Cidr block) {
        return blocksOf(pool) + cidr(block);
    }

    public static String affinityOf(String node, String pool) {
        return AFFINITY + node + "/" + pool + "/";
    }

    public static String affinity(String node, String pool, Cidr block) {
        return affinityOf(node, pool) + cidr(block);
    }

    public static String handle(AttachmentId attachment) {
        return HANDLES + attachment.handleId();
    }

    public static String wanted(String pool) {
        return WANTED + pool;
    }

    public static String removed(String node) {
        return REMOVED + node;
    }

    /** {@code [node, pool, cidr]} of an affinity key. */
    static String[] parseAffinity(String key) {
        String[] parts = key.substring(AFFINITY.length()).split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an affinity key: " + key);
        }
        return parts;
    }
}
