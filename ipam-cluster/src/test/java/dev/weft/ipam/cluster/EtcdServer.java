package dev.weft.ipam.cluster;

import dev.weft.testkit.Daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real etcd (Debian's etcd-server) on loopback ports with its data under a directory the test
 * owns, ended by pid; {@link #restart(Runnable)} stops and starts it on the same ports and data, as an
 * etcd restart in a cluster would.
 */
final class EtcdServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int peer;
    private Daemon daemon;

    EtcdServer(Path dir) throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/etcd"))) {
            throw new IllegalStateException("etcd is missing: apt-get install etcd-server");
        }
        this.dir = dir;
        this.port = freePort();
        this.peer = freePort();
        start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void start() {
        String client = "http://127.0.0.1:" + port;
        String peerUrl = "http://127.0.0.1:" + peer;
        daemon = Daemon.start("etcd", null, dir.resolve("etcd.log"), "/usr/bin/etcd", "--name", "weft-ipam-test",
                "--data-dir", dir.resolve("data").toString(), "--listen-client-urls", client,
                "--advertise-client-urls", client, "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "weft-ipam-test=" + peerUrl,
                "--log-level", "error");
        daemon.awaitReady(Duration.ofSeconds(20), this::listening);
    }

    private boolean listening() {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    List<String> endpoints() {
        return List.of("http://127.0.0.1:" + port);
    }

    /** Stops etcd, runs {@code whileDown} (which may wait for clients to notice), and starts it again. */
    void restart(Runnable whileDown) {
        daemon.close();
        try {
            whileDown.run();
        } finally {
            start();
        }
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
        }
    }
}
