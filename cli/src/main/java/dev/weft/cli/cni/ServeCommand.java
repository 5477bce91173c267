package dev.weft.cli.cni;

import dev.weft.node.cni.Attachments;
import dev.weft.node.cni.CniService;
import dev.weft.node.dhcp.NodeDhcp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft cni serve}: only the fast path's socket, without the agent's subnet lease and
 * peers; for hosts whose plugins need no cluster (a plain bridge) and for {@code weft bench cni}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve CNI calls from weft's exec shim on a unix socket (what `weft agent` also does).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--socket", defaultValue = "/run/weft/cni.sock", description = "Socket path (default ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = "--dhcp-dir", description = "Hold weft-dhcp's leases here, as the agent does (default: hold none;"
            + " weft-dhcp then asks the socket its configuration names).")
    Path dhcpDir;

    @Option(names = "--dhcp-socket", description = "With --dhcp-dir: also serve those leases on this socket.")
    Path dhcpSocket;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        NodeDhcp dhcp = dhcpDir == null ? null : NodeDhcp.start(dhcpSocket, dhcpDir);
        try (CniService server = CniService.start(socket, Attachments.NONE,
                dev.weft.ipam.cluster.plugin.IpamProvider.shared(java.util.Optional.empty(), java.util.Optional.empty()),
                dhcp == null ? null : dhcp.holder())) {
            System.err.println("weft cni serve: listening on " + server.socket());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                if (dhcp != null) {
                    dhcp.close();
                }
                stopped.countDown();
            }));
            stopped.await();
        }
        return 0;
    }
}
