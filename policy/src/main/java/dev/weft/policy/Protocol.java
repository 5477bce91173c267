package dev.weft.policy;

import java.util.Locale;

/** The transport protocols a NetworkPolicy port may name; TCP is the Kubernetes default. */
public enum Protocol {
    TCP, UDP, SCTP;

    /** Parses the Kubernetes spelling ({@code TCP}, {@code UDP}, {@code SCTP}); case matters, as in the API. */
    public static Protocol parse(String text) {
        for (Protocol p : values()) {
            if (p.name().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a protocol (TCP, UDP or SCTP)");
    }

    /** The nftables keyword ({@code tcp}, {@code udp}, {@code sctp}), used both as a header and an {@code inet_proto}. */
    public String nftName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
