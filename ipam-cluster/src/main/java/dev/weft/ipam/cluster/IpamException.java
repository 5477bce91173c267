package dev.weft.ipam.cluster;

/**
 * The one failure type of cluster IPAM: an {@link IpamError} (with its CNI code), the field or
 * subject it is about ({@code pool}, {@code cidr}, {@code requestedIp}, a key...), and a message
 * that names it. Whatever failed changed nothing that a retry would not clean up.
 */
public final class IpamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final IpamError error;
    private final String field;

    public IpamException(IpamError error, String field, String message) {
        this(error, field, message, null);
    }

    public IpamException(IpamError error, String field, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.field = field;
    }

    public IpamError error() {
        return error;
    }

    /** What the error is about: a request field, or the datastore key. */
    public String field() {
        return field;
    }

    public int cniCode() {
        return error.cniCode();
    }
}
