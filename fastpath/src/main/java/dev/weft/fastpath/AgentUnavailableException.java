package dev.weft.fastpath;

import java.io.IOException;

/**
 * No connection to the agent could be made, so nothing was sent: the caller may safely run the
 * plugin another way. Any other {@link IOException} from a call means the agent may have acted.
 */
public final class AgentUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public AgentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
