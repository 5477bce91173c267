package dev.weft.cluster;

/** The cluster cannot serve a request: not initialised, no free subnet, lease lost. */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }
}
