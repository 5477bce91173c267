package dev.weft.lab;

import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The reachability matrix of a set of pods: for every ordered pair, one ICMP echo ({@code ping}
 * inside the source pod) and one TCP connection to a listener this class opens in every pod
 * for the duration of the probe. Pairs are probed in parallel, a bounded number at a time.
 */
public final class Reachability {
    private static final int PARALLEL = 16;

    private Reachability() {
    }

    /** One pair's outcome. */
    public record Cell(boolean ping, boolean tcp) {
        public boolean reachable() {
            return ping && tcp;
        }

        /** {@code .} both work, {@code X} neither, {@code p} only ping, {@code t} only TCP. */
        public char mark() {
            return ping && tcp ? '.' : !ping && !tcp ? 'X' : ping ? 'p' : 't';
        }
    }

    /** Rows are sources, columns destinations, in the order of {@code pods}. */
    public record Matrix(List<LabState.Pod> pods, List<List<Cell>> cells) {
        public boolean allReachable() {
            return cells.stream().flatMap(List::stream).allMatch(Cell::reachable);
        }

        public long failures() {
            return cells.stream().flatMap(List::stream).filter(c -> !c.reachable()).count();
        }

        public String render() {
            int w = pods.stream().mapToInt(p -> label(p).length()).max().orElse(4) + 2;
            StringBuilder b = new StringBuilder(" ".repeat(w));
            pods.forEach(p -> b.append(String.format("%-" + w + "s", label(p))));
            b.append('\n');
            for (int i = 0; i < pods.size(); i++) {
                b.append(String.format("%-" + w + "s", label(pods.get(i))));
                for (Cell c : cells.get(i)) {
                    b.append(String.format("%-" + w + "s", c.mark()));
                }
                b.append('\n');
            }
            b.append("(rows: from, columns: to; . = ping and TCP, X = neither, p = ping only, t = TCP only");
            return b.append(pods.stream().anyMatch(LabState.Pod::docker) ? "; [docker] = a Docker container on weft's driver)\n"
                    : ")\n").toString();
        }

        /** NODE:POD, without the namespace when it is "default"; a Docker container marked {@code [docker]}. */
        static String label(LabState.Pod p) {
            return p.node() + ":" + (p.namespace().equals("default") ? p.name().substring(8) : p.name())
                    + (p.docker() ? "[docker]" : "");
        }
    }

    public static Matrix probe(List<LabState.Pod> pods, int port, Duration timeout) {
        try (Session s = new Session(port)) {
            pods.forEach(s::listen);
            return s.matrix(pods, timeout);
        }
    }

    /** Listeners in pods, kept open across probes (convergence polling probes many times). */
    public static final class Session implements AutoCloseable {
        private final int port;
        private final Map<String, NetNs> ns = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<ServerSocket> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

        public Session(int port) {
            this.port = port;
        }

        /** Opens the pod's listener (once). */
        public void listen(LabState.Pod p) {
            if (ns.containsKey(p.name())) {
                return;
            }
            NetNs n = LabExec.open(p.netns());
            ns.put(p.name(), n);
            ServerSocket s = n.run(() -> {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(port), 256);
                return ss;
            });
            listeners.add(s);
            pool.submit(() -> acceptAll(s));
        }

        /** One TCP connection from {@code from} to {@code to} (both listened). */
        public boolean tcp(LabState.Pod from, LabState.Pod to, Duration timeout) {
            return Reachability.tcp(ns.get(from.name()), to, port, timeout);
        }

        public Matrix matrix(List<LabState.Pod> pods, Duration timeout) {
            Semaphore slots = new Semaphore(PARALLEL);
            List<List<Future<Cell>>> futures = new ArrayList<>();
            for (LabState.Pod from : pods) {
                List<Future<Cell>> row = new ArrayList<>();
                for (LabState.Pod to : pods) {
                    row.add(pool.submit(() -> {
                        slots.acquire();
                        try {
                            return new Cell(ping(from, to, timeout), tcp(from, to, timeout));
                        } finally {
                            slots.release();
                        }
                    }));
                }
                futures.add(row);
            }
            List<List<Cell>> cells = new ArrayList<>();
            try {
                for (List<Future<Cell>> row : futures) {
                    List<Cell> r = new ArrayList<>();
                    for (Future<Cell> f : row) {
                        r.add(f.get());
                    }
                    cells.add(r);
                }
            } catch (Exception e) {
                throw new IllegalStateException("probe failed: " + e.getMessage(), e);
            }
            return new Matrix(pods, cells);
        }

        @Override
        public void close() {
            listeners.forEach(Reachability::closeQuietly);
            pool.shutdownNow();
            ns.values().forEach(NetNs::close);
        }
    }

    private static void acceptAll(ServerSocket s) {
        while (!s.isClosed()) {
            try (Socket c = s.accept()) {
                c.getOutputStream().write('k');
            } catch (IOException e) {
                return;
            }
        }
    }

    static boolean ping(LabState.Pod from, LabState.Pod to, Duration timeout) {
        long secs = Math.max(1, timeout.toSeconds());
        return LabExec.capture(LabExec.in(from.netns(), List.of("ping", "-c", "1", "-W", Long.toString(secs), to.ip())))
                .exit() == 0;
    }

    /** A connection from inside {@code from}'s namespace that reads the listener's byte back. */
    static boolean tcp(NetNs from, LabState.Pod to, int port, Duration timeout) {
        return from.run(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(to.ip()), port), (int) timeout.toMillis());
                s.setSoTimeout((int) timeout.toMillis());
                return s.getInputStream().read() == 'k';
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a listener cannot fail in a way that matters here
        }
    }
}
