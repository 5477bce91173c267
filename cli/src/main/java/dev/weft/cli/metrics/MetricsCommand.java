package dev.weft.cli.metrics;

import dev.weft.lab.LabLayout;
import dev.weft.lab.LabState;
import dev.weft.node.metrics.MetricsEndpoint;
import dev.weft.node.metrics.MetricsScrape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code weft metrics}: one scrape of an agent's Prometheus endpoint, printed as it came. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Print a node agent's Prometheus metrics (one scrape of GET /metrics).",
                "Default: this node's agent on /run/weft/metrics.sock; --lab NAME --node N: a lab node's agent.",
                "The same by hand: curl --unix-socket /run/weft/metrics.sock http://localhost/metrics"})
public final class MetricsCommand implements Callable<Integer> {
    @Option(names = "--address", defaultValue = "unix:/run/weft/metrics.sock",
            description = "The agent's --metrics-address: unix:/path or ADDRESS:PORT (default ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--lab", description = "A lab's node (with --node): its agent's socket under the lab's directory.")
    String lab;

    @Option(names = "--node", description = "With --lab: which node (default: the lab's first).")
    String node;

    @Override
    public Integer call() throws Exception {
        MetricsEndpoint endpoint;
        if (lab != null) {
            LabLayout layout = LabLayout.of(lab);
            String n = node != null ? node : LabState.require(layout).nodes().getFirst().name();
            endpoint = new MetricsEndpoint.Unix(layout.nodeDir(n).resolve(MetricsEndpoint.SOCKET_NAME));
        } else if (node != null) {
            throw new IllegalArgumentException("--node names a lab node: give --lab too, or --address for this host");
        } else {
            endpoint = MetricsEndpoint.parse(address);
        }
        System.out.print(MetricsScrape.text(endpoint));
        System.out.flush();
        return 0;
    }
}
