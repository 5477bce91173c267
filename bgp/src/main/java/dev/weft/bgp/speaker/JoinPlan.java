package dev.weft.bgp.speaker;

import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpNode;
import dev.weft.bgp.bird.BirdConfig;
import dev.weft.bgp.bird.BirdInput;
import dev.weft.bgp.bird.ProtocolStatus;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which nodes this node leaves to its node range (dynamic BGP) rather than naming them, so that a
 * node that joins changes no configuration but its own. For every pair of nodes one side must open
 * the session and the other accept it; the rules keep that true without a {@code configure} on a join:
 * <ul>
 *   <li>With route reflectors: a reflector leaves every client in its range to the range (clients
 *       always name their reflectors); reflectors name each other.</li>
 *   <li>Full mesh: a BIRD started afresh names every node it knows (the joining node opens all its
 *       sessions). A running BIRD keeps the named sessions it has and leaves every other node in its
 *       range to the range while that node has a spawned session here, or was first seen less than
 *       {@link #GRACE} ago (it is starting and will open its session). A node seen longer than that with
 *       no session at all (both sides were started without knowing the other, e.g. a lease that lapsed
 *       and came back) is named, at the cost of one {@code configure}.</li>
 * </ul>
 * Two nodes never both leave each other to the range: whichever BIRD started later knew the other,
 * because a node lists the leases after taking its own. Not thread-safe: the backend's thread drives it.
 */
public final class JoinPlan {
    /** How long a node that joined may take to open its session before this node names it. */
    public static final Duration GRACE = Duration.ofSeconds(30);

    private final Clock clock;
    private final Map<String, Instant> firstSeen = new HashMap<>();

    public JoinPlan(Clock clock) {
        this.clock = clock;
    }

    /**
     * The passive nodes for {@code in} (its own passive set is ignored) with node range {@code range};
     * {@code running}: the nodes the running BIRD's configuration names (empty: no BIRD runs);
     * {@code spawned}: the neighbors of spawned sessions that are not disabled.
     */
    public Set<String> passive(BirdInput in, Optional<Cidr> range, Optional<Set<String>> running, Set<IpAddress> spawned) {
        Instant now = clock.instant();
        firstSeen.keySet().retainAll(in.others().stream().map(BgpNode::name).collect(Collectors.toSet()));
        in.others().forEach(n -> firstSeen.putIfAbsent(n.name(), now));
        if (range.isEmpty()) {
            return Set.of();
        }
        BgpConfig cfg = in.settings().config();
        Set<String> out = new TreeSet<>();
        for (BgpNode n : in.others()) {
            if (!range.get().contains(n.address()) || cfg.isReflector(n.name())) {
                continue;
            }
            if (!cfg.reflectors().isEmpty()) {
                if (cfg.isReflector(in.self().name())) {
                    out.add(n.name()); // a client: it names this reflector
                }
            } else if (cfg.mesh() && running.isPresent() && !running.get().contains(n.name())
                    && (spawned.contains(n.address())
                    || Duration.between(firstSeen.get(n.name()), now).compareTo(GRACE) < 0)) {
                out.add(n.name());
            }
        }
        return out;
    }

    /** What to do with the spawned sessions: disable those of addresses no node has now, enable the others again. */
    public record Tidy(List<String> disable, List<String> enable) {
    }

    /** The spawned sessions among {@code protocols} to disable (no node at the address) or enable (a node again). */
    public static Tidy tidy(List<ProtocolStatus> protocols, Set<IpAddress> nodeAddresses) {
        List<String> disable = new ArrayList<>();
        List<String> enable = new ArrayList<>();
        for (ProtocolStatus p : spawnedSessions(protocols)) {
            Optional<IpAddress> neighbor = p.bgp().flatMap(ProtocolStatus.Bgp::neighbor);
            boolean known = neighbor.isPresent() && nodeAddresses.contains(neighbor.get());
            boolean disabled = p.state().equals("down");
            if (!known && !disabled) {
                disable.add(p.name());
            } else if (known && disabled) {
                enable.add(p.name());
            }
        }
        return new Tidy(disable, enable);
    }

    /** The neighbors of spawned sessions that are not disabled. */
    public static Set<IpAddress> liveSpawned(List<ProtocolStatus> protocols) {
        return spawnedSessions(protocols).stream().filter(p -> !p.state().equals("down"))
                .flatMap(p -> p.bgp().flatMap(ProtocolStatus.Bgp::neighbor).stream()).collect(Collectors.toSet());
    }

    static List<ProtocolStatus> spawnedSessions(List<ProtocolStatus> protocols) {
        return protocols.stream().filter(p -> p.isBgp() && p.name().startsWith(BirdConfig.DYNAMIC_PREFIX)).toList();
    }
}
