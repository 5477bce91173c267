package dev.weft.cli.cnm;

import dev.weft.cnm.CnmService;
import dev.weft.cnm.state.CnmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code weft cnm}: Docker's network and IPAM drivers. */
@Command(name = "cnm", mixinStandardHelpOptions = true, subcommands = CnmCommand.Serve.class,
        description = "Docker (CNM) network and IPAM drivers: docker network create -d weft --ipam-driver weft NET.")
public final class CnmCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    /** {@code weft cnm serve}: serve both drivers on the plugin socket until stopped. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve the network and IPAM drivers on a unix socket until stopped.")
    public static final class Serve implements Callable<Integer> {
        @Option(names = "--socket", defaultValue = "/run/docker/plugins/weft.sock",
                description = "The plugin socket; Docker finds plugin NAME at /run/docker/plugins/NAME.sock.")
        Path socket;

        @Option(names = "--state-dir", defaultValue = "/var/lib/weft/cnm", description = "Where the drivers' state is kept.")
        Path stateDir;

        @Option(names = "--subnet-file", defaultValue = "/run/weft/subnet.env",
                description = "The agent's subnet.env: networks without --subnet get the node's subnet; empty: none.")
        String subnetFile;

        @Option(names = "--ipam-data-dir", defaultValue = "/var/lib/cni/networks",
                description = "host-local's data dir of the node's CNI pods (shared on the node's subnet).")
        Path ipamDataDir;

        @Option(names = "--cni-network", defaultValue = "weft", description = "The CNI pods' network name (their host-local store).")
        String cniNetwork;

        @Option(names = "--bridge", defaultValue = "weft0", description = "The agent's bridge for the node's subnet.")
        String bridge;

        @Override
        public Integer call() throws Exception {
            CnmConfig config = new CnmConfig(socket.toAbsolutePath(), stateDir.toAbsolutePath(),
                    subnetFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(subnetFile).toAbsolutePath()),
                    ipamDataDir.toAbsolutePath(), cniNetwork, bridge);
            CnmService service = CnmService.start(config);
            System.err.println("weft cnm: serving the network and IPAM drivers on " + config.socket());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }
}
