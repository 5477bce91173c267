package dev.weft.plugins.net;

/**
 * {@link Namespace#createBridgePort} made nothing, for a reason the caller acts on: a name taken
 * on one side (the container's is the runtime's error, the host's a random name to pick again),
 * or a bridge that is gone or is another device now (ensure it again).
 */
public final class PortRefused extends RuntimeException {
    /** Why nothing was made. */
    public enum Reason {
        /** The host end's name exists in the host namespace. */
        HOST_NAME_TAKEN,
        /** The peer's name exists in the peer's namespace. */
        PEER_NAME_TAKEN,
        /** The bridge (by its index) is gone or no longer the bridge it was. */
        BRIDGE_GONE
    }

    private final Reason reason;

    public PortRefused(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
