package dev.weft.bgp;

/**
 * A BGP request was refused (unknown node, duplicate peer, a change lost to contention) or BIRD
 * failed (not installed, would not start, refused a configuration). The message names the field
 * or the file, and nothing was changed by a refused request.
 */
public class BgpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BgpException(String message) {
        super(message);
    }

    public BgpException(String message, Throwable cause) {
        super(message, cause);
    }
}
