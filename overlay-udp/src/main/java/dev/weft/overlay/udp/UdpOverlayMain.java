package dev.weft.overlay.udp;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.overlay.udp.io.FeatureProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The datapath process: serves the TUN in the current network namespace until SIGTERM, following
 * the peers file and rewriting the status file every second. Exits 1 when a packet thread dies,
 * so whoever supervises it starts a new one; exits 2 on bad options. Logs go to stderr.
 */
@Command(name = "weft-udp-datapath", mixinStandardHelpOptions = true,
        description = "Serve weft's UDP overlay (Flannel's UDP backend wire format) on a TUN device.")
public final class UdpOverlayMain implements Callable<Integer> {
    @Option(names = "--tun", description = "TUN device name (default ${DEFAULT-VALUE}).")
    String tun = UdpOverlayConfig.DEFAULT_TUN;
    @Option(names = "--subnet", required = true, description = "This node's pod subnet, e.g. 10.244.1.0/24.")
    String subnet;
    @Option(names = "--gateway", required = true, description = "The TUN's address (a /32 in the subnet).")
    String gateway;
    @Option(names = "--cluster", required = true, description = "The cluster network routed into the TUN.")
    String cluster;
    @Option(names = "--uplink", required = true, description = "This node's underlay address (bound).")
    String uplink;
    @Option(names = "--port", description = "UDP port (default ${DEFAULT-VALUE}).")
    int port = UdpOverlayConfig.DEFAULT_PORT;
    @Option(names = "--mtu", description = "TUN MTU; 0: the uplink's less 28 (default).")
    int mtu;
    @Option(names = "--udp-datapath", description = "simple, batched or offload (default: the best available).")
    String datapath;
    @Option(names = "--queues", description = "TUN queues and packet threads; 0: one per CPU up to 4.")
    int queues;
    @Option(names = "--peers", required = true, description = "The peers file to follow (SUBNET ADDRESS lines).")
    Path peers;
    @Option(names = "--stats", description = "Status file rewritten every second.")
    Path stats;

    /** Prints the feature probe and exits. */
    @Command(name = "probe", description = "Print which datapath features this kernel offers.")
    static final class Probe implements Callable<Integer> {
        @Override
        public Integer call() {
            FeatureProbe.run().all().forEach(f -> System.out.println(f));
            return 0;
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new UdpOverlayMain()).addSubcommand("probe", new Probe());
        System.exit(cl.execute(args));
    }

    UdpOverlayConfig config() {
        return new UdpOverlayConfig(InterfaceName.of(tun), Cidr.parse(subnet), IpAddress.parse(gateway), Cidr.parse(cluster),
                IpAddress.parse(uplink), port, mtu, Optional.ofNullable(datapath).map(DatapathKind::parse), queues, peers, stats);
    }

    @Override
    public Integer call() throws Exception {
        UdpOverlayConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("weft-udp-datapath: " + e.getMessage());
            return 2;
        }
        UdpOverlay overlay = UdpOverlay.start(config, null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            overlay.close();
            stopped.countDown();
        }, "udp-shutdown"));
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (stats != null) {
                StatusFile.write(stats, overlay.status());
            }
            if (overlay.datapath().failure().isPresent()) {
                System.err.println("weft-udp-datapath: a packet thread died: " + overlay.datapath().failure().get());
                return 1;
            }
        }
        return 0;
    }
}
