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
    @Option(names = "--subnet", description = "This node's pod subnet, e.g. 10.244.1.0/24.")
    String subnet;
    @Option(names = "--gateway", description = "The TUN's address (a /32 in the subnet).")
    String gateway;
    @Option(names = "--cluster", description = "The cluster network routed into the TUN.")
    String cluster;
    @Option(names = "--uplink", description = "This node's underlay address (bound).")
    String uplink;
    @Option(names = "--port", description = "UDP port (default ${DEFAULT-VALUE}).")
    int port = UdpOverlayConfig.DEFAULT_PORT;
    @Option(names = "--mtu", description = "TUN MTU; 0: the uplink's less 28 (default).")
    int mtu;
    @Option(names = "--udp-datapath", description = "simple, batched or offload (default: the best available).")
    String datapath;
    @Option(names = "--queues", description = "TUN queues and packet threads; 0: one per two CPUs, 1 to 4.")
    int queues;
    @Option(names = "--peers", description = "The peers file to follow (SUBNET ADDRESS lines).")
    Path peers;
    @Option(names = "--stats", description = "Status file rewritten every second.")
    Path stats;

    @Option(names = "--probe", description = "Print which datapath features this kernel offers (and why not) and exit.")
    boolean probe;

    public static void main(String[] args) {
        System.exit(new CommandLine(new UdpOverlayMain()).execute(args));
    }

    UdpOverlayConfig config() {
        return new UdpOverlayConfig(InterfaceName.of(tun), Cidr.parse(required(subnet, "--subnet")),
                IpAddress.parse(required(gateway, "--gateway")), Cidr.parse(required(cluster, "--cluster")),
                IpAddress.parse(required(uplink, "--uplink")), port, mtu, Optional.ofNullable(datapath).map(DatapathKind::parse),
                queues, Path.of(required(peers == null ? null : peers.toString(), "--peers")), stats);
    }

    private static String required(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + option);
        }
        return value;
    }

    @Override
    public Integer call() throws Exception {
        if (probe) {
            FeatureProbe.run().all().forEach(System.out::println);
            return 0;
        }
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
