package dev.weft.netlink.tc;

import java.util.List;
import java.util.Objects;

/**
 * A filter on device {@code ifindex} under qdisc or class {@code parent}: filters of one
 * {@code priority} (1 first) and {@code protocol} (an ethertype in host order,
 * {@link #ALL_PROTOCOLS} for every one) share one classifier instance; {@code handle} names the
 * rule inside it ({@link TcHandle#NONE} when adding: the kernel picks, u32 gives
 * {@code 800::800}). Both what weft asks for and what a dump decodes into.
 */
public record Filter(int ifindex, TcHandle parent, int priority, int protocol, TcHandle handle, FilterKind kind) {
    /** ETH_P_ALL: every protocol ({@code tc filter … protocol all}). */
    public static final int ALL_PROTOCOLS = 0x0003;

    public Filter {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex " + ifindex + " is not a device index");
        }
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(kind, "kind");
        if (priority < 0 || priority > 0xffff) {
            throw new IllegalArgumentException("priority " + priority + " is not in 0..0xffff");
        }
        if (protocol < 0 || protocol > 0xffff) {
            throw new IllegalArgumentException("protocol " + protocol + " is not a 16-bit ethertype");
        }
    }

    /**
     * Every packet arriving at the {@code ingress} qdisc of {@code ifindex} is redirected to the
     * egress of {@code targetIfindex}: {@code tc filter add dev D parent ffff: protocol all prio
     * P u32 match u32 0 0 action mirred egress redirect dev T}, how egress from a pod is steered
     * into its IFB to be shaped there.
     */
    public static Filter redirectAllIngress(int ifindex, int priority, int targetIfindex) {
        return new Filter(ifindex, TcHandle.INGRESS_QDISC, priority, ALL_PROTOCOLS, TcHandle.NONE,
                FilterKind.U32.matchAll(List.of(Action.Mirred.egressRedirect(targetIfindex))));
    }

    /** The same filter with {@code h} as its handle. */
    public Filter withHandle(TcHandle h) {
        return new Filter(ifindex, parent, priority, protocol, h, kind);
    }

    /** Whether {@code other} is the same rule, whatever handle either has. */
    public boolean sameRule(Filter other) {
        return withHandle(TcHandle.NONE).equals(other.withHandle(TcHandle.NONE));
    }
}
