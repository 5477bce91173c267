package dev.weft.policy.compile;

import java.util.Optional;

/**
 * How a pod chain logs the packets it drops: {@code limit rate PER/second burst BURST packets log
 * group GROUP prefix "weft CHAIN"}, placed just before the chain's final drop. The limit keeps a
 * flood from costing the node more than {@code perSecond} log records per chain; packets over the
 * limit skip the log rule and are dropped all the same.
 *
 * <p>The prefix is {@code weft } and the chain's name ({@code ingress_<hash>}, {@code egress_<hash>}):
 * short (the kernel keeps at most 127 bytes), enough for the agent to know the direction and, with
 * the packet's addresses and the snapshot it compiled from, the policies that isolated the pod.
 *
 * <p>A chain's name hashes its terms only, not these settings, so logging adds a rule to each
 * chain and renames none. Settings that change between two rulesets need a full compile (a
 * diff refuses them); the agent's settings are fixed for its life and its first round is full.
 *
 * @param group the NFLOG group the agent listens on (0–65535; {@link #DEFAULT_GROUP} is weft's)
 * @param perSecond log records per second per chain (1–10000)
 * @param burst records allowed at once above the rate (1–10000)
 */
public record LogDrops(int group, int perSecond, int burst) {
    /** weft's NFLOG group: "we" in ASCII, far from the 0–2 that ulogd and most examples use. */
    public static final int DEFAULT_GROUP = 30565;
    /** Default: 10 records a second, 20 at once, in weft's group. */
    public static final LogDrops DEFAULT = new LogDrops(DEFAULT_GROUP, 10, 20);
    static final String PREFIX = "weft ";

    public LogDrops {
        if (group < 0 || group > 0xffff) {
            throw new IllegalArgumentException("group: " + group + " is not an NFLOG group (0-65535)");
        }
        if (perSecond < 1 || perSecond > 10_000) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " is not within 1-10000");
        }
        if (burst < 1 || burst > 10_000) {
            throw new IllegalArgumentException("burst: " + burst + " is not within 1-10000");
        }
    }

    /** The log rule of chain {@code chain}. */
    String rule(String chain) {
        return "limit rate " + perSecond + "/second burst " + burst + " packets log group " + group
                + " prefix \"" + prefix(chain) + "\"";
    }

    /** The log prefix of chain {@code chain}. */
    public static String prefix(String chain) {
        return PREFIX + chain;
    }

    /** The chain a logged prefix names, when it is one of weft's ({@code weft ingress_…}). */
    public static Optional<String> chainOf(String prefix) {
        if (prefix == null || !prefix.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String chain = prefix.substring(PREFIX.length());
        return chain.matches("(ingress|egress)_[0-9a-f]{1,64}") ? Optional.of(chain) : Optional.empty();
    }
}
