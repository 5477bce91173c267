package dev.weft.dhcp.packet;

/** The DHCP message types of RFC 2132 option 53 (9 and up, lease query and the like, are not a client's). */
public enum MessageType {
    DISCOVER(1), OFFER(2), REQUEST(3), DECLINE(4), ACK(5), NAK(6), RELEASE(7), INFORM(8);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The option value. */
    public int code() {
        return code;
    }

    /** The type with option value {@code code}, or null when it is none of the eight. */
    public static MessageType of(int code) {
        return code >= 1 && code <= 8 ? values()[code - 1] : null;
    }

    /** As servers and tcpdump name it: {@code DHCPOFFER}. */
    public String wireName() {
        return "DHCP" + name();
    }
}
