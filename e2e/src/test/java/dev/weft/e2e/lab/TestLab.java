package dev.weft.e2e.lab;

import dev.weft.testkit.Proc;
import dev.weft.testkit.Jvm;
import dev.weft.lab.Lab;
import dev.weft.lab.LabEnv;
import dev.weft.lab.LabLayout;
import dev.weft.lab.LabPods;
import dev.weft.lab.LabState;
import dev.weft.lab.Reachability;
import dev.weft.lab.Topology;
import dev.weft.node.AgentStatus;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A lab for one test: a unique name, state under the test's temp dir, removed by {@link #close()}. */
final class TestLab implements AutoCloseable {
    final LabLayout layout;
    final Lab lab;
    final LabPods pods;

    /** The exec shim the build made (fastpath module); without it pods take the JVM path. */
    static final Path SHIM = Path.of("../fastpath/target/native/weft-shim").toAbsolutePath().normalize();

    TestLab(Path root) {
        this(root, true);
    }

    /** {@code fastPath}: plugins are the shim forwarding to each node's agent (else JVM launchers). */
    TestLab(Path root, boolean fastPath) {
        String name = "t" + Long.toString(new Random().nextLong() & 0xffffffL, 36);
        this.layout = new LabLayout(name, root);
        PrintStream log = System.err;
        java.util.Optional<Path> shim = fastPath && java.nio.file.Files.isExecutable(SHIM) ? java.util.Optional.of(SHIM)
                : java.util.Optional.empty();
        this.lab = new Lab(layout, new LabEnv(Path.of(System.getProperty("java.home")), Jvm.classpath(), shim), log);
        this.pods = new LabPods(layout);
    }

    LabState up(int nodes, String backend, Topology t, boolean etcd) {
        return lab.up(nodes, backend, t, etcd, Duration.ofSeconds(240));
    }

    /** Adds pod {@code NODE-p1} on every node, three at a time. */
    List<LabState.Pod> onePodPerNode() throws Exception {
        List<LabState.Pod> out = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(3)) {
            List<Future<LabState.Pod>> f = new ArrayList<>();
            for (LabState.Node n : state().nodes()) {
                f.add(pool.submit(() -> pods.add(n.name(), n.name() + "-p1", Map.of())));
            }
            for (Future<LabState.Pod> p : f) {
                out.add(p.get());
            }
        }
        return out;
    }

    LabState state() {
        return LabState.require(layout);
    }

    AgentStatus status(String node) {
        return AgentStatus.read(layout.nodeDir(node).resolve("status.json"));
    }

    /** One scrape of {@code node}'s agent metrics (its default socket under the node's directory), as samples. */
    java.util.Map<String, Double> metrics(String node) throws java.io.IOException {
        return dev.weft.node.metrics.MetricsScrape.samples(dev.weft.node.metrics.MetricsScrape.text(
                new dev.weft.node.metrics.MetricsEndpoint.Unix(layout.nodeDir(node)
                        .resolve(dev.weft.node.metrics.MetricsEndpoint.SOCKET_NAME))));
    }

    Reachability.Matrix matrix() {
        return Reachability.probe(state().pods(), 7777, Duration.ofSeconds(2));
    }

    String nodeNs(String node) {
        return layout.nodeNs(node);
    }

    /** A running {@code ping -i 0.05} between two pods, for counting losses across an event. */
    static final class Pinger {
        private final Process p;

        Pinger(LabState.Pod from, LabState.Pod to, int count) throws Exception {
            p = new ProcessBuilder("ip", "netns", "exec", from.netns(), "ping", "-i", "0.05", "-W", "1", "-c",
                    Integer.toString(count), to.ip()).redirectErrorStream(true).start();
        }

        /** Waits for the end; returns {transmitted, received}. */
        long[] result() throws Exception {
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(out);
            if (!m.find()) {
                throw new AssertionError("no ping summary in: " + out);
            }
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
    }

    static String ipIn(String netns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns));
        cmd.addAll(List.of(args));
        return Proc.run(cmd).out();
    }

    @Override
    public void close() {
        Lab.down(layout, System.err);
    }
}
