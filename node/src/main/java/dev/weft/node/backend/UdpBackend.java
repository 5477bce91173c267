package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.DatapathProcess;
import dev.weft.overlay.udp.UdpOverlayConfig;
import dev.weft.overlay.udp.peer.PeerFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code udp} on this node: the datapath process (module overlay-udp) serves the TUN, and this
 * backend keeps it running and tells it the peers. {@link #ensurePeer}/{@link #removePeer} edit the
 * peers file the process follows (rewritten atomically, only when it changes); a supervisor thread
 * checks the process every second and starts it again when it died. Started by an agent that finds
 * a live process for the same configuration (after {@code kill -9} of the agent), the process is
 * re-attached, not restarted: the TUN is served throughout. {@link #close()} stops supervising and
 * leaves the process running, as the kernel backends leave their routes (the node's data plane
 * outlives the agent); {@link #stopDatapath} ends it.
 *
 * <p>Limit: peers that left while no agent ran stay in the peers file until their subnet is leased
 * again (then replaced) — as the kernel backends keep their routes.
 */
public final class UdpBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(UdpBackend.class.getName());
    private static final Duration SUPERVISE_EVERY = Duration.ofSeconds(1);

    private final UdpOverlayConfig config;
    private final Path stateDir;
    private final List<String> javaCommand;
    private final Map<Cidr, IpAddress> peers = new TreeMap<>();
    private final Thread supervisor;
    private volatile boolean closed;

    private UdpBackend(UdpOverlayConfig config, Path stateDir, List<String> javaCommand) throws IOException {
        this.config = config;
        this.stateDir = stateDir;
        this.javaCommand = javaCommand;
        if (Files.exists(config.peersFile())) {
            peers.putAll(PeerFile.read(config.peersFile())); // a restarted agent keeps serving the peers it had
        } else {
            PeerFile.write(config.peersFile(), peers);
        }
        this.supervisor = Thread.ofVirtual().name("udp-datapath-supervisor").unstarted(this::supervise);
    }

    /** Ensures the datapath process for {@code config} (state under {@code stateDir}) and supervises it. */
    public static UdpBackend start(UdpOverlayConfig config, Path stateDir, List<String> javaCommand) {
        try {
            UdpBackend b = new UdpBackend(config, stateDir, javaCommand);
            DatapathProcess.Running r = DatapathProcess.ensure(config, stateDir, javaCommand);
            LOG.log(System.Logger.Level.INFO, "udp: datapath process {0} ({1})", Long.toString(r.pid()), r.started() ? "started" : "re-attached");
            b.supervisor.start();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("udp: cannot start the datapath process (state in " + stateDir + ")", e);
        }
    }

    /** The configuration the process serves. */
    public UdpOverlayConfig config() {
        return config;
    }

    /** The running process's pid, if it runs. */
    public java.util.OptionalLong pid() {
        try {
            return DatapathProcess.running(stateDir).map(h -> java.util.OptionalLong.of(h.pid())).orElse(java.util.OptionalLong.empty());
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public synchronized void ensurePeer(SubnetLease peer) {
        if (!peer.publicIp().isV4()) {
            throw new PeerRefused("udp: peer " + peer.node() + " has an IPv6 address " + peer.publicIp() + " (IPv4 only)");
        }
        if (!peer.publicIp().equals(peers.put(peer.subnet(), peer.publicIp()))) {
            writePeers();
        }
    }

    @Override
    public synchronized void removePeer(SubnetLease peer) {
        if (peers.remove(peer.subnet()) != null) {
            writePeers();
        }
    }

    private void writePeers() {
        try {
            PeerFile.write(config.peersFile(), peers);
        } catch (IOException e) {
            throw new UncheckedIOException("udp: cannot write the peers file " + config.peersFile(), e);
        }
    }

    private void supervise() {
        while (!closed) {
            try {
                Thread.sleep(SUPERVISE_EVERY);
                if (!closed && DatapathProcess.running(stateDir).isEmpty()) {
                    DatapathProcess.Running r = DatapathProcess.ensure(config, stateDir, javaCommand);
                    LOG.log(System.Logger.Level.WARNING, "udp: the datapath process had stopped; started again as {0}", Long.toString(r.pid()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "udp: supervising the datapath: " + e);
            }
        }
    }

    /** Stops supervising; the process keeps serving. */
    @Override
    public void close() {
        closed = true;
        supervisor.interrupt();
    }

    /** Ends the datapath process recorded under {@code stateDir} (its TUN, address and route go with it). */
    public static void stopDatapath(Path stateDir) throws IOException {
        DatapathProcess.stop(stateDir);
    }
}
