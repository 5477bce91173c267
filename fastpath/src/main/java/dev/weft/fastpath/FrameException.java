package dev.weft.fastpath;

import java.io.IOException;

/** A frame that is malformed, truncated or over a protocol limit; the message says which field. */
public final class FrameException extends IOException {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }

    public FrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
