package dev.weft.bgp.bird;

import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpNode;
import dev.weft.bgp.BgpPeer;
import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whom one node peers with, and how: the topology rules of {@link BgpConfig} applied to one node.
 * Reflectors configured means a reflector topology even while none of them is up (clients then have
 * no node sessions, rather than falling back to a mesh nobody asked for). Explicit peers come first; a node whose address is an explicit peer's gets no second session
 * (BIRD would not run two sessions to one address), and a peer at this node's own address is skipped.
 */
final class SessionPlan {
    /** A session and the filters it uses. */
    record Planned(Session session, String importFilter, String exportFilter, BgpPeer peer) {
    }

    static final String EXPORT = "weft_export";
    static final String EXPORT_REFLECTOR = "weft_export_reflector";
    static final String IMPORT = "weft_import";
    static final String IMPORT_NODES = "weft_import_nodes";

    private SessionPlan() {
    }

    static List<Planned> plan(BirdInput in, Set<String> reservedNames) {
        BgpConfig cfg = in.settings().config();
        String me = in.self().name();
        boolean iReflect = cfg.isReflector(me);
        ProtocolNames names = new ProtocolNames(reservedNames);
        List<Planned> out = new ArrayList<>();
        Set<IpAddress> taken = new HashSet<>();
        taken.add(in.self().address());
        for (BgpPeer p : in.settings().peersOf(me)) {
            if (!taken.add(p.peerIp())) {
                continue;
            }
            Session.Role role = p.isExternal(cfg.asn()) ? Session.Role.EBGP : Session.Role.IBGP;
            String filter = p.accept().isEmpty() ? IMPORT : importFilterOf(p);
            out.add(new Planned(new Session(names.allocate("peer_", p.name()), Session.Kind.PEER, p.name(), p.peerIp(),
                    p.asn(), role), filter, EXPORT, p));
        }
        boolean anyReflector = !cfg.reflectors().isEmpty();
        for (BgpNode n : in.others()) {
            boolean theyReflect = cfg.isReflector(n.name());
            boolean peer = anyReflector ? iReflect || theyReflect : cfg.mesh();
            if (!peer || in.passive().contains(n.name()) || !taken.add(n.address())) {
                continue; // a passive node opens its session and the node range takes it (see listens)
            }
            Session.Role role = iReflect && !theyReflect ? Session.Role.REFLECTOR_CLIENT : Session.Role.IBGP;
            out.add(new Planned(new Session(names.allocate("node_", n.name()), Session.Kind.NODE, n.name(), n.address(),
                    cfg.asn(), role), nodeImport(in), iReflect ? EXPORT_REFLECTOR : EXPORT, null));
        }
        return out;
    }

    /**
     * Whether this node accepts node sessions from its node range: with a range, in a mesh, and on a
     * reflector (from its clients); a reflector's client accepts none (it only talks to reflectors).
     */
    static boolean listens(BirdInput in) {
        BgpConfig cfg = in.settings().config();
        if (in.nodeRange().isEmpty()) {
            return false;
        }
        return cfg.reflectors().isEmpty() ? cfg.mesh() : cfg.isReflector(in.self().name());
    }

    /** Node sessions' import filter: any node subnet with a node range (joins change no filter), else the held ones. */
    static String nodeImport(BirdInput in) {
        return in.nodeRange().isPresent() ? IMPORT_NODES : IMPORT;
    }

    /** Peer names are [a-z0-9-], so this mapping is one-to-one. */
    static String importFilterOf(BgpPeer p) {
        return "weft_import_" + p.name().replace('-', '_');
    }
}
