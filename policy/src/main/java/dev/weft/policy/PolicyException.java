package dev.weft.policy;

/**
 * A manifest that is not a valid NetworkPolicy. The message starts with the field path
 * ({@code spec.ingress[0].from[1].ipBlock.cidr}) so a user can find the mistake without guessing.
 */
public final class PolicyException extends RuntimeException {
    private final String path;

    public PolicyException(String path, String detail) {
        this(path, detail, null);
    }

    public PolicyException(String path, String detail, Throwable cause) {
        super(path.isEmpty() ? detail : path + ": " + detail, cause);
        this.path = path;
    }

    /** The offending field, e.g. {@code spec.podSelector.matchExpressions[0].operator}; empty for the whole document. */
    public String path() {
        return path;
    }
}
