package dev.weft.overlay.udp;

import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** Plain Java sockets made inside a test namespace (a socket belongs to the namespace it was made in). */
final class NsSockets {
    private NsSockets() {
    }

    /** Sends each payload as one datagram from {@code from} (port 0) to {@code to}:{@code port}, inside namespace {@code ns}. */
    static void sendDatagrams(String ns, String from, String to, int port, List<byte[]> payloads) {
        try (NetNs n = NetNs.named(ns)) {
            n.run(() -> {
                try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
                    ch.bind(new InetSocketAddress(from, 0));
                    for (byte[] p : payloads) {
                        ch.send(ByteBuffer.wrap(p), new InetSocketAddress(to, port));
                    }
                }
                return null;
            });
        }
    }

    private static String send(SocketChannel client, long bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Random r = new Random(42);
            byte[] chunk = new byte[100_000];
            long left = bytes;
            while (left > 0) {
                r.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                md.update(chunk, 0, n);
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
                while (b.hasRemaining()) {
                    client.write(b);
                }
                left -= n;
            }
            client.shutdownOutput();
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code bytes} of seeded pseudo-random data over TCP from namespace {@code clientNs} to
     * {@code server}:{@code port} in {@code serverNs}; returns the SHA-256 of what was sent and of
     * what arrived, which must be equal.
     */
    static String[] transfer(String clientNs, String serverNs, String server, int port, long bytes) throws Exception {
        try (NetNs sn = NetNs.named(serverNs); NetNs cn = NetNs.named(clientNs)) {
            ServerSocketChannel ss = sn.run(() -> ServerSocketChannel.open().bind(new InetSocketAddress(server, port)));
            SocketChannel client = cn.run(SocketChannel::open);
            try (ss; client; var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                    try (SocketChannel c = ss.accept()) {
                        MessageDigest md = MessageDigest.getInstance("SHA-256");
                        ByteBuffer b = ByteBuffer.allocate(1 << 16);
                        while (c.read(b) >= 0) {
                            b.flip();
                            md.update(b);
                            b.clear();
                        }
                        return HexFormat.of().formatHex(md.digest());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool);
                client.connect(new InetSocketAddress(server, port));
                CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> send(client, bytes), pool);
                try {
                    return new String[] {sent.get(60, java.util.concurrent.TimeUnit.SECONDS),
                            received.get(60, java.util.concurrent.TimeUnit.SECONDS)};
                } catch (java.util.concurrent.TimeoutException e) {
                    ss.close();
                    client.close();
                    throw new AssertionError("TCP transfer of " + bytes + " bytes to " + server + " stalled", e);
                }
            }
        }
    }
}
