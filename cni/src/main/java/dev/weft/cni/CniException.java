package dev.weft.cni;

/**
 * The one error type on the CNI wire: {@code {"code": N, "msg": "...", "details": "..."}}.
 *
 * <p>{@code code} is a well-known {@link CniErrorCode} or a plugin-specific number (100+).
 * The cause is always kept for logs even though the wire carries only text.
 */
public final class CniException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String details;

    public CniException(CniErrorCode code, String msg) {
        this(code.code(), msg, null, null);
    }

    public CniException(CniErrorCode code, String msg, Throwable cause) {
        this(code.code(), msg, cause == null ? null : String.valueOf(cause.getMessage()), cause);
    }

    public CniException(CniErrorCode code, String msg, String details, Throwable cause) {
        this(code.code(), msg, details, cause);
    }

    public CniException(int code, String msg, String details, Throwable cause) {
        super(msg, cause);
        if (code <= 0) {
            throw new IllegalArgumentException("CNI error code must be positive: " + code);
        }
        this.code = code;
        this.details = details == null || details.isEmpty() ? null : details;
    }

    public int code() {
        return code;
    }

    /** The well-known code, if this is one. */
    public java.util.Optional<CniErrorCode> wellKnown() {
        return CniErrorCode.of(code);
    }

    public String msg() {
        return getMessage();
    }

    /** Extra text for humans; may be {@code null}. */
    public String details() {
        return details;
    }

    @Override
    public String toString() {
        return "CNI error " + code + ": " + getMessage() + (details == null ? "" : " (" + details + ")");
    }
}
