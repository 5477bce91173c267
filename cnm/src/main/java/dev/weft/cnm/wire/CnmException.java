package dev.weft.cnm.wire;

/**
 * A request the driver refuses, answered in the protocol's error shape ({@code {"Err": …}} from the
 * network driver, {@code {"Error": …}} from the IPAM driver). {@link #malformed} marks a request
 * that could not be decoded (HTTP 400); anything else failed while being served (HTTP 500), as
 * Docker's go-plugins-helpers answer.
 */
public final class CnmException extends RuntimeException {
    private final boolean malformed;

    private CnmException(String message, boolean malformed, Throwable cause) {
        super(message, cause);
        this.malformed = malformed;
    }

    /** The request cannot be decoded or misses a field: names the field. */
    public static CnmException malformed(String message) {
        return new CnmException(message, true, null);
    }

    public static CnmException malformed(String message, Throwable cause) {
        return new CnmException(message, true, cause);
    }

    /** The request is well formed, but cannot be served (unknown ID, pool in use, exhausted). */
    public static CnmException failed(String message) {
        return new CnmException(message, false, null);
    }

    public static CnmException failed(String message, Throwable cause) {
        return new CnmException(message, false, cause);
    }

    public boolean malformed() {
        return malformed;
    }
}
