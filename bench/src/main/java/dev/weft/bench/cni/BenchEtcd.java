package dev.weft.bench.cni;

import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The etcd weft-ipam allocates from in the benchmark: Debian's etcd on the loopback of the bench's
 * host namespace (where the agent runs), its data under the bench's temp dir (with fsync: a real
 * etcd's latency is its disk's), and the bench's pool added with {@code weft ipam pool add}.
 */
final class BenchEtcd implements AutoCloseable {
    static final Path ETCD = Path.of("/usr/bin/etcd");
    static final String POOL = "bench";
    static final String POOL_CIDR = "10.84.0.0/16";
    /** On the bridge (isGateway), so never handed to a pod. */
    static final String POOL_GATEWAY = "10.84.0.1";
    private static final int PORT = 23790;

    private final Process process;

    private BenchEtcd(Process process) {
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(ETCD);
    }

    static String url() {
        return "etcd://127.0.0.1:" + PORT;
    }

    /** Starts etcd in {@code host}, waits until it answers, and adds the bench's pool. */
    static BenchEtcd start(CniBench.Settings s, NetNs host, String hostNs, Path dir) throws Exception {
        String client = "http://127.0.0.1:" + PORT;
        String peer = "http://127.0.0.1:" + (PORT + 1);
        Process p = new ProcessBuilder(nsenter(hostNs, ETCD.toString(), "--name", "bench", "--data-dir",
                dir.resolve("etcd").toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "bench=" + peer,
                "--log-level", "warn")).redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        BenchEtcd etcd = new BenchEtcd(p);
        try {
            for (int i = 0; !host.run(BenchEtcd::answers); i++) {
                if (!p.isAlive() || i > 200) {
                    throw new IllegalStateException("etcd did not start: " + Files.readString(dir.resolve("etcd.log")));
                }
                Thread.sleep(100);
            }
            List<String> add = nsenter(hostNs, s.javaHome().resolve("bin/java").toString(), "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "-cp", s.classpath(), "dev.weft.cli.Main", "ipam", "pool", "add",
                    POOL, POOL_CIDR, "--gateway", POOL_GATEWAY, "--datastore", url());
            Process cli = new ProcessBuilder(add).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes());
            if (cli.waitFor() != 0) {
                throw new IllegalStateException("weft ipam pool add failed: " + out);
            }
            return etcd;
        } catch (Exception e) {
            etcd.close();
            throw e;
        }
    }

    private static boolean answers() {
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress("127.0.0.1", PORT), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> nsenter(String hostNs, String... cmd) {
        List<String> out = new ArrayList<>(List.of("nsenter", "--net=" + NetNs.RUN_NETNS.resolve(hostNs), "--"));
        out.addAll(List.of(cmd));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
