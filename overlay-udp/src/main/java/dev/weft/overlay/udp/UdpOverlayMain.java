package dev.weft.overlay.udp;

import dev.weft.overlay.udp.io.FeatureProbe;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The datapath process: serves the TUN in the current network namespace until SIGTERM, following
 * the peers file and rewriting the status file every second. Exits 1 when a packet thread dies,
 * so whoever supervises it starts a new one; exits 2 on bad options ({@link UdpOverlayArgs}).
 * Logs go to stderr.
 */
public final class UdpOverlayMain {
    private UdpOverlayMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.exit(run(List.of(args)));
    }

    /** Runs the process's work for {@code args}; the exit code. */
    static int run(List<String> args) throws IOException, InterruptedException {
        if (args.equals(List.of("--probe"))) {
            FeatureProbe.run().all().forEach(System.out::println);
            return 0;
        }
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(UdpOverlayArgs.USAGE);
            return 0;
        }
        UdpOverlayConfig config;
        try {
            config = UdpOverlayArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("weft-udp-datapath: " + e.getMessage());
            System.err.print(UdpOverlayArgs.USAGE);
            return 2;
        }
        UdpOverlay overlay = UdpOverlay.start(config, null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            overlay.close();
            stopped.countDown();
        }, "udp-shutdown"));
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (config.statsFile() != null) {
                StatusFile.write(config.statsFile(), overlay.status());
            }
            if (overlay.datapath().failure().isPresent()) {
                System.err.println("weft-udp-datapath: a packet thread died: " + overlay.datapath().failure().get());
                return 1;
            }
        }
        return 0;
    }
}
