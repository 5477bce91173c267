package dev.weft.bgp.speaker;

import dev.weft.bgp.BgpException;
import dev.weft.bgp.bird.ApplyResult;
import dev.weft.bgp.bird.BirdConfig;
import dev.weft.bgp.bird.BirdInput;
import dev.weft.bgp.bird.BirdLauncher;
import dev.weft.bgp.bird.BirdLayout;
import dev.weft.bgp.bird.BirdSupervisor;
import dev.weft.bgp.bird.ProtocolStatus;
import dev.weft.bgp.bird.Session;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node's BGP speaker: "given the cluster as this node sees it, make BIRD run the right
 * configuration" ({@link #ensure}, idempotent, cheap when nothing changed) and "what are the
 * sessions doing" ({@link #status}). A routing backend is this plus a loop that calls
 * {@code ensure} when the subnet leases or the BGP settings change.
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BgpSpeaker.class.getName());
    private final String node;
    private final BirdSupervisor bird;
    private final Optional<Cidr> nodeRange;
    private final JoinPlan joins;
    private volatile Map<String, Session> sessions = Map.of();
    private volatile Map<IpAddress, String> nodesByAddress = Map.of();
    private volatile boolean reflector;

    /** Without dynamic BGP: every session named in the configuration. */
    public BgpSpeaker(String node, BirdSupervisor bird) {
        this(node, bird, Optional.empty(), Clock.systemUTC());
    }

    /**
     * With {@code nodeRange} (empty: none), the node addresses whose sessions this node accepts without
     * naming them (see {@link JoinPlan}); {@code clock} times the join plan's grace.
     */
    public BgpSpeaker(String node, BirdSupervisor bird, Optional<Cidr> nodeRange, Clock clock) {
        this.node = node;
        this.bird = bird;
        this.nodeRange = nodeRange;
        this.joins = new JoinPlan(clock);
    }

    /**
     * The speaker of {@code node} with BIRD's files in {@code runDir} and BIRD run inside the network
     * namespace at {@code netns} (empty: the agent's own). A missing {@code bird} is an error naming
     * its package.
     */
    public static BgpSpeaker open(String node, Path runDir, Optional<Path> netns) {
        return open(node, runDir, netns, Optional.empty());
    }

    /** As {@link #open(String, Path, Optional)}, accepting node sessions from {@code nodeRange} (dynamic BGP). */
    public static BgpSpeaker open(String node, Path runDir, Optional<Path> netns, Optional<Cidr> nodeRange) {
        return new BgpSpeaker(node, new BirdSupervisor(new BirdLayout(runDir), BirdLauncher.locate(netns)), nodeRange,
                Clock.systemUTC());
    }

    /**
     * Compiles {@code input} (its node range and passive nodes decided here, by the {@link JoinPlan})
     * and makes BIRD run it; a refused configuration leaves the running one. Then spawned sessions of
     * addresses no node has now are disabled (their routes go at once: a node removed), and disabled
     * ones whose address is a node's again are enabled. The recovery configuration given with it names
     * every node a fresh BIRD would ({@link BirdConfig#recovery}); a BIRD started from it here is
     * configured at once with the plan made against it (the node range's listener back).
     */
    public ApplyResult ensure(BirdInput input) {
        ApplyResult r = ensureOnce(input);
        if (r.inRecovery()) {
            ApplyResult again = ensureOnce(input);
            return again.rejected() ? again : r;
        }
        return r;
    }

    private ApplyResult ensureOnce(BirdInput input) {
        if (!input.self().name().equals(node)) {
            throw new IllegalArgumentException("input: for node " + input.self().name() + ", this speaker is " + node);
        }
        Optional<String> running = nodeRange.isEmpty() ? Optional.empty() : bird.runningConfig();
        List<ProtocolStatus> protocols = running.isEmpty() ? List.of() : protocolsOrNone();
        java.util.Set<String> passive = joins.passive(input, nodeRange, running.map(BirdConfig::nodeSessionsIn),
                JoinPlan.liveSpawned(protocols));
        BirdInput full = input.withDynamic(nodeRange, passive);
        BirdConfig config = BirdConfig.compile(full);
        BirdInput fresh = input.withDynamic(nodeRange, joins.passive(input, nodeRange, Optional.empty(), java.util.Set.of()));
        ApplyResult r = bird.apply(config.text(), BirdConfig.recovery(fresh).text());
        if (!r.rejected()) {
            sessions = config.sessions();
            Map<IpAddress, String> byAddress = new java.util.HashMap<>();
            full.others().forEach(n -> byAddress.put(n.address(), n.name()));
            nodesByAddress = Map.copyOf(byAddress);
            reflector = full.settings().config().isReflector(node);
        }
        tidy(protocols, full);
        return r;
    }

    private List<ProtocolStatus> protocolsOrNone() {
        try {
            return bird.control().showProtocols();
        } catch (BgpException e) {
            return List.of(); // BIRD is being restarted: the next round looks again
        }
    }

    private void tidy(List<ProtocolStatus> protocols, BirdInput in) {
        java.util.Set<IpAddress> nodes = new java.util.HashSet<>();
        in.others().forEach(n -> nodes.add(n.address()));
        JoinPlan.Tidy t = JoinPlan.tidy(protocols, nodes);
        t.disable().forEach(p -> command("disable " + p));
        t.enable().forEach(p -> command("enable " + p));
    }

    private void command(String command) {
        try {
            var reply = bird.control().request(command);
            LOG.log(System.Logger.Level.INFO, "birdc " + command + ": " + reply.message());
        } catch (BgpException e) {
            LOG.log(System.Logger.Level.WARNING, "birdc " + command + " failed: " + e.getMessage());
        }
    }

    /** The sessions now, from BIRD's socket; a BIRD that is not running is reported as such. */
    public BgpStatus status() {
        Instant now = Instant.now();
        if (bird.pid().isEmpty()) {
            return new BgpStatus(node, false, List.of(), bird.problem(), now);
        }
        List<ProtocolStatus> protocols;
        try {
            protocols = bird.control().showProtocols();
        } catch (BgpException e) {
            return new BgpStatus(node, false, List.of(), Optional.of(e.getMessage()), now);
        }
        List<SessionStatus> out = new ArrayList<>();
        for (ProtocolStatus p : protocols) {
            if (p.isBgp() && !p.name().equals(BirdConfig.LISTENER)) {
                out.add(p.name().startsWith(BirdConfig.DYNAMIC_PREFIX) ? describeSpawned(p) : describe(p));
            }
        }
        return new BgpStatus(node, true, out, bird.problem(), now);
    }

    private SessionStatus describe(ProtocolStatus p) {
        Session s = sessions.get(p.name());
        ProtocolStatus.Bgp b = p.bgp().orElseThrow();
        String neighbor = s != null ? s.neighbor().toString() : b.neighbor().map(Object::toString).orElse("?");
        long as = s != null ? s.asn().value() : b.neighborAs().orElse(0);
        // A BIRD adopted before the first ensure: weft's description says who it is ("node n2 (ibgp)").
        String[] d = p.description().split("[ ()]+");
        String kind = s != null ? s.kind().name().toLowerCase(java.util.Locale.ROOT) : d.length >= 3 ? d[0] : "?";
        String name = s != null ? s.name() : d.length >= 3 ? d[1] : p.name();
        String role = s != null ? s.role().label() : d.length >= 3 ? d[2] : "?";
        String info = b.lastError().isBlank() ? "" : b.lastError();
        return new SessionStatus(name, kind, role, neighbor, as, p.sessionState(), p.since(), b.imported(), info);
    }

    /** A session the node range spawned: the node is known by the neighbor's address. */
    private SessionStatus describeSpawned(ProtocolStatus p) {
        ProtocolStatus.Bgp b = p.bgp().orElseThrow();
        String neighbor = b.neighbor().map(Object::toString).orElse("?");
        String name = b.neighbor().map(nodesByAddress::get).orElse(p.name());
        String info = b.lastError().isBlank() ? "" : b.lastError();
        return new SessionStatus(name == null ? p.name() : name, "node", reflector ? "rr-client" : "ibgp", neighbor,
                b.neighborAs().orElse(0), p.sessionState(), p.since(), b.imported(), info);
    }

    /** Ends BIRD: its sessions close and every peer withdraws this node's routes (the node leaves). */
    public void withdraw() {
        bird.stop();
        sessions = Map.of();
    }

    /** The supervisor, for its pid, restarts and problems. */
    public BirdSupervisor bird() {
        return bird;
    }

    /** Stops supervising; BIRD keeps running with its routes (the agent is restarting). */
    @Override
    public void close() {
        bird.close();
    }
}
