package dev.weft.dhcp.client;

/** A DHCP operation that did not succeed, with a reason a plugin can map to a CNI error code. */
public class DhcpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No lease within the timeout (no server answered, or none offered what could be used). */
        TIMEOUT,
        /** The attachment holds no lease, or not a bound one (CHECK). */
        NOT_BOUND,
        /** The container's namespace or interface is missing. */
        NO_INTERFACE,
        /** The socket could not be opened or used. */
        TRANSPORT,
        /** The lease could not be read from or written to disk. */
        STORE
    }

    private final Reason reason;

    public DhcpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DhcpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
