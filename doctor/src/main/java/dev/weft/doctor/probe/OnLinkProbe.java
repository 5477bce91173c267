package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.neigh.Neighbour;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the other nodes are on-link (one L2 segment: what host-gw needs) or behind routers
 * (what bgp can cross), by the route lookup and the neighbour table. To make the kernel resolve
 * a peer, one UDP datagram goes to its discard port (9) first; then the neighbour table is read
 * for up to a second.
 */
public final class OnLinkProbe {
    private OnLinkProbe() {
    }

    /** {@code peers}: node name → underlay address, this node excluded. */
    public static Finding run(Netlink nl, Map<String, IpAddress> peers) {
        peers.values().forEach(OnLinkProbe::nudge);
        List<PeerPath> paths = new ArrayList<>();
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            paths.clear();
            var routes = nl.routes().list();
            List<Neighbour> neigh = nl.neighbours().list(2);
            peers.forEach((n, ip) -> paths.add(PeerPath.classify(n, ip, routes, neigh)));
            if (paths.stream().noneMatch(p -> p.kind() == PeerPath.Kind.UNRESOLVED) || System.nanoTime() > deadline) {
                return interpret(paths);
            }
            sleep(50);
        }
    }

    /** The finding for the peers' paths: all on-link (✓), some behind routers (⚠), some unreachable (✗). */
    public static Finding interpret(List<PeerPath> paths) {
        if (paths.isEmpty()) {
            return Finding.info(ProbeNames.PEERS_ON_LINK, "unknown: no other node holds a lease yet");
        }
        List<PeerPath> broken = paths.stream().filter(p -> p.kind() == PeerPath.Kind.UNRESOLVED
                || p.kind() == PeerPath.Kind.NO_ROUTE).toList();
        if (!broken.isEmpty()) {
            return Finding.fail(ProbeNames.PEERS_ON_LINK, join(broken),
                    "check the underlay: is each of these nodes up, on this segment (cable, VLAN) and answering ARP?");
        }
        List<PeerPath> routed = paths.stream().filter(p -> p.kind() == PeerPath.Kind.ROUTED).toList();
        if (!routed.isEmpty()) {
            return Finding.warn(ProbeNames.PEERS_ON_LINK, "routers sit between the nodes: " + join(routed),
                    "host-gw cannot reach nodes behind a router: use vxlan, or bgp with the router as a peer");
        }
        return Finding.ok(ProbeNames.PEERS_ON_LINK, "every other node is on-link: " + join(paths));
    }

    private static String join(List<PeerPath> paths) {
        return String.join("; ", paths.stream().map(PeerPath::text).toList());
    }

    private static void nudge(IpAddress peer) {
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] b = new byte[1];
            s.send(new DatagramPacket(b, 1, new InetSocketAddress(peer.toInetAddress(), 9)));
        } catch (IOException e) {
            // no route or unreachable: the lookup says so
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
