package dev.weft.cli.dhcp;

import dev.weft.dhcp.daemon.DaemonClient;
import dev.weft.dhcp.daemon.DaemonReply;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.Lease;
import dev.weft.node.dhcp.NodeDhcp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code weft dhcp}: the DHCP lease holder of the weft-dhcp IPAM plugin, for nodes without an agent. */
@Command(name = "dhcp", mixinStandardHelpOptions = true,
        description = {"Hold the DHCP leases of the weft-dhcp IPAM plugin where no node agent runs.",
                "The agent holds them itself; `weft dhcp daemon` does it alone, on its own socket."},
        subcommands = {DhcpCommand.Daemon.class, DhcpCommand.Leases.class, DhcpCommand.Renew.class})
public final class DhcpCommand {

    /** {@code --socket}, shared by every dhcp command. */
    static final class Socket {
        @Option(names = "--socket", defaultValue = "/run/weft/dhcp.sock",
                description = "The lease holder's socket, weft-dhcp's daemonSocketPath (default ${DEFAULT-VALUE}).")
        Path socket;
    }

    @Command(name = "daemon", mixinStandardHelpOptions = true,
            description = {"Hold and renew DHCP leases for weft-dhcp, serving them on a unix socket (mode 0600).",
                    "Saved leases are resumed at start (the address is confirmed with the server, then renewed)."})
    static final class Daemon implements Callable<Integer> {
        @Mixin
        Socket socket;
        @Option(names = "--lease-dir", defaultValue = "/var/lib/weft/dhcp",
                description = "Where leases are saved, one 0600 file each (default ${DEFAULT-VALUE}).")
        Path leaseDir;

        @Override
        public Integer call() throws Exception {
            if (dev.weft.io.PrivateSocket.served(socket.socket)) {
                throw new IllegalStateException(socket.socket + " is already served (a node agent or another"
                        + " `weft dhcp daemon` holds this node's leases)");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            try (NodeDhcp dhcp = NodeDhcp.start(socket.socket, leaseDir)) {
                System.err.println("weft dhcp daemon: serving " + socket.socket + ", leases in " + leaseDir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    dhcp.close();
                    stopped.countDown();
                }));
                stopped.await();
            }
            return 0;
        }
    }

    @Command(name = "leases", mixinStandardHelpOptions = true, description = "List the leases the holder keeps.")
    static final class Leases implements Callable<Integer> {
        @Mixin
        Socket socket;

        @Override
        public Integer call() {
            for (DaemonReply.Held h : new DaemonClient(socket.socket).held()) {
                System.out.println(h.attachment() + " " + describe(h.lease()));
            }
            return 0;
        }
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Renew one lease now rather than at T1: renew CONTAINER NETWORK IFNAME.")
    static final class Renew implements Callable<Integer> {
        @Mixin
        Socket socket;
        @Parameters(index = "0", paramLabel = "CONTAINER")
        String container;
        @Parameters(index = "1", paramLabel = "NETWORK")
        String network;
        @Parameters(index = "2", paramLabel = "IFNAME")
        String ifName;
        @Option(names = "--timeout", defaultValue = "10", description = "Seconds to wait for the server (default ${DEFAULT-VALUE}).")
        int timeout;

        @Override
        public Integer call() {
            Lease l = new DaemonClient(socket.socket).renewNow(Attachment.of(container, network, ifName),
                    Duration.ofSeconds(timeout));
            System.out.println(describe(l));
            return 0;
        }
    }

    static String describe(Lease l) {
        return l.address() + " gateway " + l.gateway() + " server " + l.serverId() + " bound " + l.boundAt()
                + " renews " + l.renewAt() + " expires " + l.expiresAt();
    }
}
