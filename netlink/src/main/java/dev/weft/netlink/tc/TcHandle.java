package dev.weft.netlink.tc;

import java.util.Locale;

/**
 * A traffic-control handle or parent: 16 bits of major and 16 of minor number, written
 * {@code major:minor} in hex as {@code tc} does ({@code 1:}, {@code ffff:fff1}). The special
 * values are the kernel's {@code TC_H_*} constants (uapi pkt_sched.h).
 */
public record TcHandle(int value) {
    /** TC_H_UNSPEC: no handle (the kernel picks one when a qdisc or filter is added). */
    public static final TcHandle NONE = new TcHandle(0);
    /** TC_H_ROOT: the parent of a device's root (egress) qdisc. */
    public static final TcHandle ROOT = new TcHandle(0xFFFFFFFF);
    /** TC_H_INGRESS (equal to TC_H_CLSACT): the parent of an {@code ingress} or {@code clsact} qdisc. */
    public static final TcHandle INGRESS = new TcHandle(0xFFFFFFF1);
    /** {@code ffff:}, the handle of an {@code ingress} or {@code clsact} qdisc and the parent of its filters. */
    public static final TcHandle INGRESS_QDISC = of(0xffff, 0);
    /** {@code ffff:fff2}: the ingress hook of a {@code clsact} qdisc (TC_H_MIN_INGRESS). */
    public static final TcHandle CLSACT_INGRESS = of(0xffff, 0xfff2);
    /** {@code ffff:fff3}: the egress hook of a {@code clsact} qdisc (TC_H_MIN_EGRESS). */
    public static final TcHandle CLSACT_EGRESS = of(0xffff, 0xfff3);

    /** {@code major:minor}, each 0..0xffff. */
    public static TcHandle of(int major, int minor) {
        if (major < 0 || major > 0xffff) {
            throw new IllegalArgumentException("handle major " + major + " is not in 0..0xffff");
        }
        if (minor < 0 || minor > 0xffff) {
            throw new IllegalArgumentException("handle minor " + minor + " is not in 0..0xffff");
        }
        return new TcHandle(major << 16 | minor);
    }

    /** Parses {@code root}, {@code ingress}, {@code none} or hex {@code major:[minor]} as {@code tc} writes them. */
    public static TcHandle parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "root" -> {
                return ROOT;
            }
            case "ingress" -> {
                return INGRESS;
            }
            case "none" -> {
                return NONE;
            }
            default -> {
                int colon = s.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("handle \"" + text + "\" is not major:minor in hex");
                }
                try {
                    int minor = colon == s.length() - 1 ? 0 : Integer.parseInt(s.substring(colon + 1), 16);
                    return of(Integer.parseInt(s.substring(0, colon), 16), minor);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("handle \"" + text + "\" is not major:minor in hex", e);
                }
            }
        }
    }

    /** The upper 16 bits. */
    public int major() {
        return value >>> 16;
    }

    /** The lower 16 bits. */
    public int minor() {
        return value & 0xffff;
    }

    @Override
    public String toString() {
        if (value == ROOT.value) {
            return "root";
        }
        return Integer.toHexString(major()) + ":" + (minor() == 0 ? "" : Integer.toHexString(minor()));
    }
}
