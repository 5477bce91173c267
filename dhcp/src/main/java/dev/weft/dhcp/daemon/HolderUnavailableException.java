package dev.weft.dhcp.daemon;

import dev.weft.dhcp.client.DhcpException;

import java.nio.file.Path;

/**
 * Nothing serves the lease socket: neither a node agent nor {@code weft dhcp daemon} runs (or
 * under another socket path). Nothing was sent, so nothing was done.
 */
public final class HolderUnavailableException extends DhcpException {
    private static final long serialVersionUID = 1L;

    private final transient Path socket;

    public HolderUnavailableException(Path socket, Throwable cause) {
        super(Reason.TRANSPORT, "no DHCP lease holder serves " + socket + " (" + cause.getMessage()
                + "): start the node agent (`weft agent`), or `weft dhcp daemon --socket " + socket + "`", cause);
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }
}
