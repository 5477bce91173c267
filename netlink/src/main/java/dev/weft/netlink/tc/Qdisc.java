package dev.weft.netlink.tc;

import java.util.Objects;

/**
 * A qdisc on device {@code ifindex}: its own {@code handle}, where it hangs ({@code parent}:
 * {@link TcHandle#ROOT}, {@link TcHandle#INGRESS} or a class) and its {@code kind}. Both what weft
 * asks for and what a dump decodes into, so the two compare directly.
 */
public record Qdisc(int ifindex, TcHandle handle, TcHandle parent, QdiscKind kind) {
    /** The handle weft gives a root TBF ({@code 1:}), as the reference bandwidth plugin does. */
    public static final TcHandle TBF_HANDLE = TcHandle.of(1, 0);

    public Qdisc {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex " + ifindex + " is not a device index");
        }
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(kind, "kind");
    }

    /** {@code tbf} as the root (egress) qdisc of {@code ifindex}, handle {@code 1:}. */
    public static Qdisc rootTbf(int ifindex, Tbf tbf) {
        return new Qdisc(ifindex, TBF_HANDLE, TcHandle.ROOT, tbf);
    }

    /** The {@code ingress} qdisc of {@code ifindex} ({@code ffff:}, parent {@code ffff:fff1}). */
    public static Qdisc ingress(int ifindex) {
        return new Qdisc(ifindex, TcHandle.INGRESS_QDISC, TcHandle.INGRESS, new QdiscKind.Ingress());
    }

    /** The {@code clsact} qdisc of {@code ifindex} ({@code ffff:}, parent {@code ffff:fff1}). */
    public static Qdisc clsact(int ifindex) {
        return new Qdisc(ifindex, TcHandle.INGRESS_QDISC, TcHandle.INGRESS, new QdiscKind.Clsact());
    }

    /** Whether it is the device's root (egress) qdisc. */
    public boolean isRoot() {
        return parent.equals(TcHandle.ROOT);
    }

    @Override
    public String toString() {
        return kind.kind() + " " + handle + " parent " + parent + " on " + ifindex
                + (kind instanceof Tbf t ? " (" + t.rate() + " burst " + t.burstBytes() + " limit " + t.limitBytes() + ")" : "");
    }
}
