package dev.weft.bgp.bird;

import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpTimers;
import dev.weft.net.Cidr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's BIRD 2 configuration, compiled from a {@link BirdInput} by a pure function: no I/O,
 * the same text for the same input, pinned by golden tests. {@link #sessions()} maps BIRD's
 * protocol names back to weft's nodes and peers, for status.
 *
 * <p>What the text does (see the package notes for why): this node's subnet is a static blackhole
 * route that only BGP sees, exported alone; from peers only the subnets the other nodes hold are
 * imported (and an explicit peer's {@code accept} prefixes), never this node's subnet; routes
 * learned over BGP go to the kernel with metric {@value #ROUTE_METRIC} and BIRD's protocol number
 * {@value #ROUTE_PROTOCOL}.
 */
public record BirdConfig(String text, Map<String, Session> sessions) {
    /**
     * The kernel route protocol of every route BIRD installs: RTPROT_BIRD (12). BIRD 2 (and 3) writes
     * it unconditionally ({@code nl_send_route}: {@code rtm_protocol = RTPROT_BIRD}) and
     * {@code krt_source} is read-only, so weft cannot choose its own number with BIRD.
     */
    public static final int ROUTE_PROTOCOL = 12;
    /**
     * The kernel metric of weft's BGP routes: with {@link #ROUTE_PROTOCOL} it is how weft tells the
     * routes its BIRD installed from anyone else's, and a dedicated metric never replaces a route of
     * another source for the same prefix (BIRD's documented way). 119 is ASCII 'w'; nothing else uses it.
     */
    public static final int ROUTE_METRIC = 119;
    /**
     * Seconds from a session's start (BIRD started, or the session added by {@code configure}) to its
     * first connection attempt, and between attempts after a refused connection. BIRD's default, 5 s,
     * delayed every node join by 5 s: both ends of a new session waited it out before either
     * connected (measured: routes 4.7 s after the lease on a 3-node mesh). 1 is BIRD's minimum. A
     * refused connection (the peer has not added the session yet) is retried after this delay, not
     * after the error wait, which applies only to sessions that failed once established.
     */
    static final int CONNECT_DELAY = 1;
    /**
     * The first wait after a session failed (BIRD doubles it on each further failure, up to the
     * maximum): 1 s, not BIRD's 60 s nor the connect retry, so that a session refused once (its peer
     * had not configured it yet, the old way, or restarted) is tried again within a second.
     */
    static final int ERROR_WAIT_MIN = 1;
    /** The protocol that accepts node sessions from the node range (dynamic BGP); it is not a session itself. */
    public static final String LISTENER = "weft_nodes";
    /**
     * What BIRD names the sessions its node range spawns: {@code dyn_1}, {@code dyn_2}, ... A session
     * name weft allocates never starts so ({@code node_}, {@code peer_}).
     */
    public static final String DYNAMIC_PREFIX = "dyn_";
    /** The static protocol of this node's pool blocks and borrowed addresses (with a pool). */
    public static final String BLOCKS = "weft_blocks";
    /** The protocols that are not sessions; session names never take these. */
    static final Set<String> FIXED = Set.of("weft_device", "weft_direct", "weft_subnet", "weft_kernel", "weft_session",
            LISTENER, BLOCKS);
    private static final java.util.regex.Pattern NODE_SESSION =
            java.util.regex.Pattern.compile("^  description \"node (\\S+) \\(", java.util.regex.Pattern.MULTILINE);

    public BirdConfig {
        sessions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sessions));
    }

    /** Compiles {@code in}. */
    public static BirdConfig compile(BirdInput in) {
        return compile(in, SessionPlan.listens(in));
    }

    /**
     * What a BIRD restarted with {@code -R} (graceful restart recovery) starts from: {@code in}, where
     * the caller names every node a fresh BIRD would name, without the node range's listener when no
     * node is left to it. BIRD keeps the kernel's routes until every session that can recover has
     * sent End-of-RIB, and only sessions it started itself announce that they kept their forwarding
     * state: a session the range spawns after the start announces none, so its peer drops this node's
     * routes at once and learns them again (a gap in traffic), and the listener itself never connects,
     * so it held the recovery, and every kernel route change with it, until {@code restartWait}. The
     * caller's next configuration adds the listener back by {@code configure}, which takes no part in
     * the recovery.
     */
    public static BirdConfig recovery(BirdInput in) {
        return compile(in, SessionPlan.listens(in) && !in.passive().isEmpty());
    }

    private static BirdConfig compile(BirdInput in, boolean listen) {
        List<SessionPlan.Planned> plan = SessionPlan.plan(in, FIXED);
        StringBuilder b = new StringBuilder(4096);
        header(b, in);
        Filters.write(b, in, plan);
        kernel(b, in);
        template(b, in);
        if (listen) {
            listener(b, in);
        }
        Map<String, Session> sessions = new LinkedHashMap<>();
        for (SessionPlan.Planned p : plan) {
            session(b, in.settings().config(), p);
            sessions.put(p.session().protocol(), p.session());
        }
        return new BirdConfig(b.toString(), sessions);
    }

    private static void header(StringBuilder b, BirdInput in) {
        Cidr net = in.clusterNetwork();
        b.append("# BIRD 2 configuration of weft node ").append(in.self().name())
                .append(", generated from the datastore: weft rewrites this file, do not edit it.\n")
                .append("# cluster network ").append(net).append(" (node subnets /").append(in.subnetLength())
                .append("), this node ").append(in.self().address()).append(" with ").append(in.self().subnet())
                .append(", AS ").append(in.settings().config().asn())
                .append(in.pool().map(p -> "\n# pool " + p.cidr() + " (blocks /" + p.blockLength() + ")").orElse(""))
                .append("\n\n")
                .append("router id ").append(in.self().address()).append(";\n")
                .append("timeformat protocol \"%FT%T%z\";\n")
                .append("timeformat route \"%FT%T%z\";\n")
                .append("log stderr all;\n")
                .append("graceful restart wait ").append(in.settings().config().timers().restartWait()).append(";\n\n")
                .append("protocol device weft_device {\n  scan time 10;\n}\n\n")
                .append("# Connected networks outside the cluster network, so that next hops resolve.\n")
                .append("protocol direct weft_direct {\n  ipv4 { import where net !~ ").append(ours(in))
                .append("; };\n}\n\n")
                .append("# This node's subnet as one aggregate, whichever pods exist now. Only BGP sees it.\n")
                .append("protocol static weft_subnet {\n  ipv4;\n  route ").append(in.self().subnet())
                .append(" blackhole;\n}\n\n");
        in.pool().ifPresent(p -> blocks(b, p));
    }

    /**
     * The pool's blocks this node holds and the addresses it borrowed from other blocks (their pods
     * live here), as blackholes only BGP sees: the kernel routes them on-link to the pods' bridge.
     */
    private static void blocks(StringBuilder b, BirdPool p) {
        b.append("# This node's blocks of pool ").append(p.cidr()).append(" and the addresses it borrowed from others' blocks.\n")
                .append("protocol static ").append(BLOCKS).append(" {\n  ipv4;\n");
        for (Cidr c : p.originated()) {
            b.append("  route ").append(c).append(" blackhole;\n");
        }
        b.append("}\n\n");
    }

    /** The cluster network and the pool, as a BIRD prefix set: never learned from the kernel or direct. */
    private static String ours(BirdInput in) {
        return "[ " + in.clusterNetwork() + "+" + in.pool().map(p -> ", " + p.cidr() + "+").orElse("") + " ]";
    }

    private static void kernel(StringBuilder b, BirdInput in) {
        b.append("# Routes learned over BGP into the kernel (proto bird, metric ").append(ROUTE_METRIC)
                .append("); other kernel routes are learned\n# only to resolve next hops, never exported.\n")
                .append("protocol kernel weft_kernel {\n  ipv4 {\n    import where net !~ ").append(ours(in))
                .append(";\n    export where source = RTS_BGP;\n  };\n  learn;\n  metric ").append(ROUTE_METRIC)
                .append(";\n  merge paths on;\n  graceful restart;\n}\n\n");
    }

    private static void template(StringBuilder b, BirdInput in) {
        BgpConfig c = in.settings().config();
        BgpTimers t = c.timers();
        b.append("template bgp weft_session {\n  local ").append(in.self().address()).append(" as ").append(c.asn())
                .append(";\n  hold time ").append(t.hold()).append(";\n  keepalive time ").append(t.keepalive())
                .append(";\n  connect delay time ").append(CONNECT_DELAY)
                .append(";\n  connect retry time ").append(t.connectRetry()).append(";\n  error wait time ")
                .append(ERROR_WAIT_MIN).append(", ").append(Math.max(t.connectRetry(), 30))
                .append(";\n  graceful restart on;\n  graceful restart time ").append(t.gracefulRestart())
                .append(";\n}\n");
    }

    /**
     * Node sessions from the node range, passive (BIRD's dynamic BGP): each connection from an
     * address in the range that no named session takes spawns a session {@code dyn_N} with these
     * settings, so a node that joins needs no {@code configure} here. A spawned session stays (it
     * reconnects like a named one) until a {@code configure} finds it disabled.
     */
    private static void listener(StringBuilder b, BirdInput in) {
        BgpConfig c = in.settings().config();
        boolean reflect = c.isReflector(in.self().name());
        b.append("\n# Nodes that open their session to this node (a node that joins): no configure needed here.\n")
                .append("protocol bgp ").append(LISTENER).append(" from weft_session {\n  description \"nodes in ")
                .append(in.nodeRange().orElseThrow()).append(" (").append(reflect ? "rr-client" : "ibgp")
                .append(", dynamic)\";\n  neighbor range ").append(in.nodeRange().orElseThrow()).append(" as ")
                .append(c.asn()).append(";\n  dynamic name \"").append(DYNAMIC_PREFIX)
                .append("\";\n");
        if (reflect) {
            b.append("  rr client;\n");
            c.reflectorClusterId().ifPresent(id -> b.append("  rr cluster id ").append(id).append(";\n"));
        }
        b.append("  ipv4 {\n    gateway recursive;\n    import filter ").append(SessionPlan.IMPORT_NODES)
                .append(";\n    export filter ").append(reflect ? SessionPlan.EXPORT_REFLECTOR : SessionPlan.EXPORT)
                .append(";\n  };\n}\n");
    }

    /**
     * The nodes a configuration text compiled here opens named sessions to (from their descriptions,
     * {@code node NAME (ROLE)}): what an adopted BIRD runs, for the speaker's join plan.
     */
    public static Set<String> nodeSessionsIn(String text) {
        Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = NODE_SESSION.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void session(StringBuilder b, BgpConfig c, SessionPlan.Planned p) {
        Session s = p.session();
        String what = switch (s.kind()) {
            case NODE -> "node " + s.name();
            case PEER -> "peer " + s.name();
        };
        b.append("\nprotocol bgp ").append(s.protocol()).append(" from weft_session {\n  description \"")
                .append(what).append(" (").append(s.role().label()).append(")\";\n  neighbor ").append(s.neighbor())
                .append(" as ").append(s.asn()).append(";\n");
        switch (s.role()) {
            case REFLECTOR_CLIENT -> {
                b.append("  rr client;\n");
                c.reflectorClusterId().ifPresent(id -> b.append("  rr cluster id ").append(id).append(";\n"));
            }
            case EBGP -> b.append("  allow local as;\n");
            case IBGP -> { }
        }
        b.append("  ipv4 {\n");
        if (s.role() != Session.Role.EBGP) {
            b.append("    gateway recursive;\n");
        }
        b.append("    import filter ").append(p.importFilter()).append(";\n    export filter ").append(p.exportFilter())
                .append(";\n  };\n}\n");
    }
}
