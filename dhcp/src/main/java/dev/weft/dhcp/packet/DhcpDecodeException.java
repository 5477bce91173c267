package dev.weft.dhcp.packet;

/**
 * A message that is not a well-formed DHCP packet. The only exception {@link DhcpCodec#decode}
 * throws, whatever the bytes: the client drops such a message and waits for the next.
 */
public final class DhcpDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong, as a stable code (for counters and tests); the message has the detail. */
    public enum Problem {
        /** Shorter than the 236-byte BOOTP header. */
        TRUNCATED_HEADER,
        /** The {@code op} field is neither 1 nor 2. */
        BAD_OP,
        /** The {@code hlen} field exceeds the 16-byte {@code chaddr} field. */
        BAD_HLEN,
        /** No magic cookie after the header (a plain BOOTP message) or the wrong one. */
        BAD_COOKIE,
        /** An option's length byte or value runs past the end of its field. */
        TRUNCATED_OPTION,
        /** The options end without the end option (255). */
        MISSING_END,
        /** A known option's value has the wrong length or an impossible value. */
        BAD_OPTION,
        /** Option 52 (overload) is malformed or appears where it may not. */
        BAD_OVERLOAD
    }

    private final Problem problem;

    public DhcpDecodeException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
