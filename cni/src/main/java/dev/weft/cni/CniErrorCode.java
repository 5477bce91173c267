package dev.weft.cni;

/**
 * The spec's well-known error codes. Codes 100 and up belong to plugins; {@link #INTERNAL} (999)
 * is what the runtime and SDK report for an unexpected failure, as Go's libcni does.
 */
public enum CniErrorCode {
    INCOMPATIBLE_VERSION(1, "Incompatible CNI version"),
    UNSUPPORTED_FIELD(2, "Unsupported field in network configuration"),
    UNKNOWN_CONTAINER(3, "Container unknown or does not exist"),
    INVALID_ENVIRONMENT(4, "Invalid necessary environment variables"),
    IO_FAILURE(5, "I/O failure"),
    DECODING_FAILURE(6, "Failed to decode content"),
    INVALID_NETWORK_CONFIG(7, "Invalid network config"),
    TRY_AGAIN_LATER(11, "Try again later"),
    PLUGIN_NOT_AVAILABLE(50, "The plugin is not available"),
    PLUGIN_NOT_AVAILABLE_LIMITED(51, "The plugin is not available, and existing containers may be damaged"),
    INTERNAL(999, "Internal error");

    private final int code;
    private final String description;

    CniErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The well-known code with this number, if it is one. */
    public static java.util.Optional<CniErrorCode> of(int code) {
        for (CniErrorCode c : values()) {
            if (c.code == code) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
