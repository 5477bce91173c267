package dev.weft.node.dhcp;

import dev.weft.dhcp.DhcpLeases;
import dev.weft.dhcp.LeaseHolder;
import dev.weft.dhcp.daemon.DaemonClient;
import dev.weft.dhcp.daemon.DaemonServer;
import dev.weft.io.PrivateSocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The node's DHCP lease holder, for the agent (and {@code weft cni serve}, {@code weft dhcp
 * daemon}): its own {@link DhcpLeases} on {@code leaseDir} (resuming every saved lease), served on
 * {@code socket} for plugin calls that do not run in this JVM. When a live process already serves
 * {@code socket} (a {@code weft dhcp daemon} started first), that process owns the node's leases
 * and this one only forwards to it: two holders must not renew the same leases.
 */
public final class NodeDhcp implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeDhcp.class.getName());

    private final LeaseHolder holder;
    private final DhcpLeases own;
    private final DaemonServer server;

    private NodeDhcp(LeaseHolder holder, DhcpLeases own, DaemonServer server) {
        this.holder = holder;
        this.own = own;
        this.server = server;
    }

    /** Holds the leases in {@code leaseDir} and serves them on {@code socket} (null: not served). */
    public static NodeDhcp start(Path socket, Path leaseDir) {
        if (socket != null && PrivateSocket.served(socket)) {
            LOG.log(System.Logger.Level.INFO, "DHCP leases are held by the process serving {0}; forwarding to it", socket);
            return new NodeDhcp(new DaemonClient(socket), null, null);
        }
        DhcpLeases leases = DhcpLeases.open(leaseDir);
        if (socket == null) {
            return new NodeDhcp(leases, leases, null);
        }
        try {
            return new NodeDhcp(leases, leases, DaemonServer.start(socket, leases));
        } catch (IOException e) {
            leases.close();
            throw new UncheckedIOException("cannot serve DHCP leases on " + socket + ": " + e.getMessage(), e);
        }
    }

    /** What the in-process {@code weft-dhcp} uses. */
    public LeaseHolder holder() {
        return holder;
    }

    /** Whether this process holds the leases (false: it forwards to another holder). */
    public boolean holdsLeases() {
        return own != null;
    }

    /** Stops serving, then stops renewing; the leases stay on disk for the next holder. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (own != null) {
            own.close();
        }
    }
}
