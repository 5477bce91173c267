package dev.weft.lab;

import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The servers every scenario pod runs (TCP and UDP on each port, answering one byte), and probes
 * with real connections between pods: a TCP connect that reads the answer, or a UDP datagram
 * that must be echoed.
 */
public final class PolicyProbe implements AutoCloseable {
    private final Map<String, NetNs> ns = new HashMap<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    public PolicyProbe(List<LabState.Pod> pods, List<Integer> ports) {
        for (LabState.Pod p : pods) {
            NetNs n = LabExec.open(p.netns());
            ns.put(p.name(), n);
            for (int port : ports) {
                ServerSocket tcp = n.run(() -> {
                    ServerSocket s = new ServerSocket();
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(port), 128);
                    return s;
                });
                DatagramSocket udp = n.run(() -> new DatagramSocket(port));
                servers.add(tcp);
                servers.add(udp);
                pool.submit(() -> serveTcp(tcp));
                pool.submit(() -> serveUdp(udp));
            }
        }
    }

    private static void serveTcp(ServerSocket s) {
        while (!s.isClosed()) {
            try (Socket c = s.accept()) {
                c.getOutputStream().write('k');
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serveUdp(DatagramSocket s) {
        byte[] buf = new byte[16];
        while (!s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                s.send(new DatagramPacket(new byte[] {'k'}, 1, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The observed matrix for {@code pods} (rows from, columns to). */
    public List<List<Boolean>> matrix(List<LabState.Pod> pods, int port, String protocol, Duration timeout) throws Exception {
        Semaphore slots = new Semaphore(16);
        List<List<Future<Boolean>>> f = new ArrayList<>();
        for (LabState.Pod from : pods) {
            List<Future<Boolean>> row = new ArrayList<>();
            for (LabState.Pod to : pods) {
                row.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return probe(from, to, port, protocol, timeout);
                    } finally {
                        slots.release();
                    }
                }));
            }
            f.add(row);
        }
        List<List<Boolean>> out = new ArrayList<>();
        for (List<Future<Boolean>> row : f) {
            List<Boolean> r = new ArrayList<>();
            for (Future<Boolean> x : row) {
                r.add(x.get());
            }
            out.add(r);
        }
        return out;
    }

    public boolean probe(LabState.Pod from, LabState.Pod to, int port, String protocol, Duration timeout) {
        int ms = (int) timeout.toMillis();
        return ns.get(from.name()).run(() -> {
            InetAddress dst = InetAddress.getByName(to.ip());
            if (protocol.equals("UDP")) {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.setSoTimeout(ms);
                    s.send(new DatagramPacket(new byte[] {'p'}, 1, dst, port));
                    DatagramPacket in = new DatagramPacket(new byte[16], 16);
                    s.receive(in);
                    return in.getLength() == 1 && in.getData()[0] == 'k';
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (IOException e) {
                    return false; // ICMP unreachable and friends
                }
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(dst, port), ms);
                s.setSoTimeout(ms);
                return s.getInputStream().read() == 'k';
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Override
    public void close() {
        for (AutoCloseable s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                // closing a listener cannot fail in a way that matters here
            }
        }
        pool.shutdownNow();
        ns.values().forEach(NetNs::close);
    }
}
