package dev.weft.netlink.link;

/** The macvlan modes ({@code MACVLAN_MODE_*} in uapi if_link.h) and their kernel numbers. */
public enum MacvlanMode {
    /** No traffic between macvlans of the same parent. */
    PRIVATE(1),
    /** Traffic between macvlans goes out to the adjacent switch (reflective relay). */
    VEPA(2),
    /** Macvlans of the same parent talk directly. */
    BRIDGE(4),
    /** The one macvlan takes over the parent (its MAC and all traffic). */
    PASSTHRU(8),
    /** Accepts frames only from listed source MACs. */
    SOURCE(16);

    private final int value;

    MacvlanMode(int value) {
        this.value = value;
    }

    /** The kernel's number. */
    public int value() {
        return value;
    }

    /** The mode with the kernel's number {@code value}. */
    public static MacvlanMode of(int value) {
        for (MacvlanMode m : values()) {
            if (m.value == value) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown macvlan mode " + value);
    }
}
