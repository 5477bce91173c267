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

    /** {@code [node, pool, cidr]} of an affinity key. */
    static String[] parseAffinity(String key) {
        String[] parts = key.substring(AFFINITY.length()).split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an affinity key: " + key);
        }
        return parts;
    }
}
