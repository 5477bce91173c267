package dev.weft.bgp.bird;

import java.util.Locale;

/**
 * A BGP session's state (RFC 4271's finite state machine, as BIRD names it), plus {@link #DOWN}
 * for a protocol that is not running at all and {@link #UNKNOWN} for anything unrecognised.
 */
public enum SessionState {
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED, CLOSE, DOWN, UNKNOWN;

    /** From BIRD's word ("Established", "OpenSent", "Active"...). */
    public static SessionState fromBird(String word) {
        return switch (word == null ? "" : word.toLowerCase(Locale.ROOT)) {
            case "idle" -> IDLE;
            case "connect" -> CONNECT;
            case "active" -> ACTIVE;
            case "opensent" -> OPEN_SENT;
            case "openconfirm" -> OPEN_CONFIRM;
            case "established" -> ESTABLISHED;
            case "close" -> CLOSE;
            case "down" -> DOWN;
            default -> UNKNOWN;
        };
    }

    /** BIRD's spelling, for tables ({@code Established}, {@code OpenSent}). */
    public String label() {
        return switch (this) {
            case OPEN_SENT -> "OpenSent";
            case OPEN_CONFIRM -> "OpenConfirm";
            default -> name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
        };
    }
}
