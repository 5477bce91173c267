package dev.weft.dhcp.packet;

/** The BOOTP {@code op} field: a client's request or a server's reply. */
public enum Op {
    BOOTREQUEST(1), BOOTREPLY(2);

    private final int code;

    Op(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The op with field value {@code code}, or null. */
    public static Op of(int code) {
        return code == 1 ? BOOTREQUEST : code == 2 ? BOOTREPLY : null;
    }
}
