package dev.weft.overlay.udp;

import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.overlay.udp.datapath.Counter;
import dev.weft.overlay.udp.datapath.CounterSnapshot;
import dev.weft.overlay.udp.datapath.Datapath;
import dev.weft.overlay.udp.datapath.DatapathSetup;
import dev.weft.overlay.udp.datapath.Datapaths;
import dev.weft.overlay.udp.io.DeviceSetup;
import dev.weft.overlay.udp.io.FeatureProbe;
import dev.weft.overlay.udp.io.TunDevice;
import dev.weft.overlay.udp.io.UdpSockets;
import dev.weft.overlay.udp.peer.LivePeers;
import dev.weft.overlay.udp.peer.PeerTable;
import dev.weft.overlay.udp.peer.PeerWatcher;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One node's UDP overlay, running: the feature probe and the datapath choice, the TUN and the
 * underlay sockets (made in the node's namespace), the device configured through netlink, the
 * peers file followed, and the datapath's threads. {@link #close()} stops everything; the TUN
 * vanishes with its fds, taking its address and route along.
 */
public final class UdpOverlay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpOverlay.class.getName());

    private final UdpOverlayConfig config;
    private final FeatureProbe.Report features;
    private final DatapathChoice choice;
    private final int mtu;
    private final TunDevice tun;
    private final int[] sockets;
    private final LivePeers peers;
    private final PeerWatcher watcher;
    private final Datapath datapath;

    private UdpOverlay(UdpOverlayConfig config, FeatureProbe.Report features, DatapathChoice choice, int mtu, TunDevice tun,
                       int[] sockets, LivePeers peers, PeerWatcher watcher, Datapath datapath) {
        this.config = config;
        this.features = features;
        this.choice = choice;
        this.mtu = mtu;
        this.tun = tun;
        this.sockets = sockets;
        this.peers = peers;
        this.watcher = watcher;
        this.datapath = datapath;
    }

    /**
     * Starts the overlay of {@code config} in namespace {@code ns} (null: the calling thread's).
     * The packet threads need not be in the namespace: the TUN and sockets are made inside it and
     * used from anywhere.
     */
    public static UdpOverlay start(UdpOverlayConfig config, NetNs ns) {
        FeatureProbe.Report features = inside(ns, FeatureProbe::run);
        DatapathChoice choice = DatapathChoice.of(config.datapath(), config.queues(), features);
        if (!choice.fallback().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "udp overlay: " + choice.fallback());
        }
        TunDevice tun = null;
        int[] sockets = new int[0];
        PeerWatcher watcher = null;
        try (Netlink nl = ns == null ? Netlink.open() : Netlink.open(ns)) {
            int mtu = config.mtu() > 0 ? config.mtu() : DeviceSetup.uplinkMtu(nl, config.uplink()) - DeviceSetup.OVERHEAD;
            boolean offload = choice.kind() == dev.weft.overlay.udp.datapath.DatapathKind.OFFLOAD;
            tun = inside(ns, () -> TunDevice.open(config.tun().value(), choice.queues(), offload));
            TunDevice t = tun;
            sockets = inside(ns, () -> UdpSockets.open(t.queues(), PeerTable.toInt(config.uplink()), config.port(), offload));
            DeviceSetup.configure(nl, ns, tun.name(), config.gateway(), config.cluster(), mtu);
            LivePeers peers = new LivePeers();
            watcher = PeerWatcher.start(config.peersFile(), peers);
            DatapathSetup setup = new DatapathSetup(tun, sockets, config.port(), peers, PeerTable.toInt(config.gateway()),
                    PeerTable.toInt(config.subnet().network()), config.subnet().prefixLength(), mtu);
            Datapath datapath = Datapaths.start(choice.kind(), setup);
            LOG.log(System.Logger.Level.INFO, "udp overlay: " + choice.kind() + " on " + tun.name() + " (" + tun.queues()
                    + " queues, mtu " + mtu + "), port " + config.port() + "; " + DatapathChoice.describe(features));
            return new UdpOverlay(config, features, choice, mtu, tun, sockets, peers, watcher, datapath);
        } catch (IOException e) {
            closeQuietly(watcher, tun, sockets);
            throw new IllegalStateException("udp overlay: cannot follow peers file " + config.peersFile() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(watcher, tun, sockets);
            throw e;
        }
    }

    private static void closeQuietly(PeerWatcher watcher, TunDevice tun, int[] sockets) {
        if (watcher != null) {
            watcher.close();
        }
        UdpSockets.close(sockets);
        if (tun != null) {
            tun.close();
        }
    }

    private static <T> T inside(NetNs ns, Callable<T> task) {
        if (ns == null) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return ns.run(task);
    }

    public Datapath datapath() {
        return datapath;
    }

    public DatapathChoice choice() {
        return choice;
    }

    public FeatureProbe.Report features() {
        return features;
    }

    public LivePeers peers() {
        return peers;
    }

    public int mtu() {
        return mtu;
    }

    public String tunName() {
        return tun.name();
    }

    /** What the status file holds. */
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pid", Long.toString(ProcessHandle.current().pid()));
        m.put("datapath", choice.kind().option());
        m.put("requested", config.datapath().map(Object::toString).orElse("auto"));
        m.put("fallback", choice.fallback());
        m.put("features", DatapathChoice.describe(features));
        m.put("tun", tun.name());
        m.put("queues", Integer.toString(tun.queues()));
        m.put("mtu", Integer.toString(mtu));
        m.put("peers", Integer.toString(peers.current().size()));
        m.put("peers_generation", Long.toString(peers.generation()));
        m.put("peers_error", watcher.lastError());
        m.put("failure", datapath.failure().map(Throwable::toString).orElse(""));
        CounterSnapshot c = datapath.counters();
        for (Counter k : Counter.values()) {
            m.put(k.key(), Long.toString(c.get(k)));
        }
        return m;
    }

    @Override
    public void close() {
        watcher.close();
        datapath.close();
        UdpSockets.close(sockets);
        tun.close();
    }
}
