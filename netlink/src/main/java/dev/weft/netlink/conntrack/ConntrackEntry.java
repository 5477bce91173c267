package dev.weft.netlink.conntrack;

import java.util.Objects;

/**
 * A connection-tracking entry as the kernel lists it: the {@code original} direction (as the first
 * packet saw it, before NAT) and the {@code reply} direction (after NAT: a DNAT'd port mapping
 * shows the pod's address here), the kernel's {@code id} for it, its {@code zone}, {@code mark},
 * {@code status} bits (IPS_*) and seconds left before it expires.
 */
public record ConntrackEntry(ConntrackTuple original, ConntrackTuple reply, int id, int zone, int mark, int status,
                             int timeoutSeconds) {
    /** IPS_ASSURED: traffic was seen both ways. */
    public static final int ASSURED = 1 << 2;
    /** IPS_DST_NAT: the destination was rewritten (a port mapping). */
    public static final int DST_NAT = 1 << 5;

    public ConntrackEntry {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(reply, "reply");
        if (zone < 0 || zone > 0xffff) {
            throw new IllegalArgumentException("zone " + zone + " is not in 0..65535");
        }
    }

    /** The entry's address family. */
    public IpFamily family() {
        return original.family();
    }
}
