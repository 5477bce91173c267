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

import java.nio.file.Path;
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
    private final String node;
    private final BirdSupervisor bird;
    private volatile Map<String, Session> sessions = Map.of();

    public BgpSpeaker(String node, BirdSupervisor bird) {
        this.node = node;
        this.bird = bird;
    }

    /**
     * The speaker of {@code node} with BIRD's files in {@code runDir} and BIRD run inside the network
     * namespace at {@code netns} (empty: the agent's own). A missing {@code bird} is an error naming
     * its package.
     */
    public static BgpSpeaker open(String node, Path runDir, Optional<Path> netns) {
        return new BgpSpeaker(node, new BirdSupervisor(new BirdLayout(runDir), BirdLauncher.locate(netns)));
    }

    /** Compiles {@code input} and makes BIRD run it; a refused configuration leaves the running one. */
    public ApplyResult ensure(BirdInput input) {
        if (!input.self().name().equals(node)) {
            throw new IllegalArgumentException("input: for node " + input.self().name() + ", this speaker is " + node);
        }
        BirdConfig config = BirdConfig.compile(input);
        ApplyResult r = bird.apply(config.text());
        if (!r.rejected()) {
            sessions = config.sessions();
        }
        return r;
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
            if (p.isBgp()) {
                out.add(describe(p));
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
