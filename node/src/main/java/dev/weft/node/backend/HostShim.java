package dev.weft.node.backend;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.link.MacvlanMode;
import dev.weft.netlink.route.RouteSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The node's own macvlan on the uplink ({@value #DEFAULT_NAME}, bridge mode): a macvlan child
 * cannot reach its parent, so the node reaches its underlay pods through a sibling of theirs. It
 * holds the node's address as a /32 (replies to the pods' ARP for the node come from it, and it is
 * the source of the node's packets to them) and a /32 route per local pod; nothing else.
 *
 * <p>{@link #ensure} is idempotent: it creates the device, accepts an equal one, and replaces one
 * of that name that is a macvlan on another parent or mode; a device of that name of another kind
 * is not weft's and is an error saying so. {@link #routes} makes the device's host routes exactly
 * the given pod addresses.
 */
public final class HostShim {
    public static final String DEFAULT_NAME = "weft.shim";
    private static final int MAIN = 254;

    private final Netlink nl;
    private final int index;

    private HostShim(Netlink nl, int index) {
        this.nl = nl;
        this.index = index;
    }

    /** Ensures the shim named {@code name} on {@code uplink}, up, holding {@code nodeIp}/32 (or /128). */
    public static HostShim ensure(Netlink nl, InterfaceName name, int uplink, IpAddress nodeIp) {
        LinkInfo parent = nl.links().require(uplink);
        LinkInfo shim = nl.links().get(name.value()).orElse(null);
        if (shim != null && !"macvlan".equals(shim.kind())) {
            throw new IllegalStateException("device " + name + " exists and is a " + (shim.kind().isEmpty() ? "device without kind"
                    : shim.kind()) + ", not weft's macvlan shim on " + parent.name() + "; remove or rename it");
        }
        if (shim != null && (shim.parent() != uplink || !bridgeMode(shim))) {
            nl.links().delete(shim.index()); // weft's own name on the wrong parent or mode: made again below
            shim = null;
        }
        if (shim == null) {
            nl.links().add(new LinkSpec.Macvlan(name, 0, uplink, MacvlanMode.BRIDGE, -1));
            shim = nl.links().require(name.value());
        }
        if (shim.mtu() != parent.mtu()) {
            nl.links().setMtu(shim.index(), parent.mtu());
        }
        InterfaceAddress own = new InterfaceAddress(nodeIp, nodeIp.bitLength());
        List<AddrCodec.Addr> held = nl.addresses().list(shim.index());
        for (AddrCodec.Addr a : held) {
            if (!a.address().equals(own) && !a.address().address().toInetAddress().isLinkLocalAddress()) {
                nl.addresses().deleteIfExists(shim.index(), a.address());
            }
        }
        if (held.stream().noneMatch(a -> a.address().equals(own))) {
            nl.addresses().add(shim.index(), own);
        }
        if (!shim.isUp()) {
            nl.links().setUp(shim.index());
        }
        return new HostShim(nl, shim.index());
    }

    private static boolean bridgeMode(LinkInfo l) {
        return l.spec() instanceof LinkSpec.Macvlan m && m.mode() == MacvlanMode.BRIDGE;
    }

    public int index() {
        return index;
    }

    /** Makes the shim's host routes exactly {@code pods} (one /32 or /128 each); returns how many changed. */
    public int routes(Set<IpAddress> pods) {
        Set<IpAddress> present = new HashSet<>();
        int changed = 0;
        for (RouteSpec r : nl.routes().list()) {
            if (r.oif() != index || r.effectiveTable() != MAIN || r.gateway() != null
                    || r.dst().prefixLength() != r.dst().network().bitLength()) {
                continue; // not a pod route of ours (the local table holds the shim's own address)
            }
            if (pods.contains(r.dst().network())) {
                present.add(r.dst().network());
            } else if (nl.routes().deleteIfExists(r)) {
                changed++;
            }
        }
        for (IpAddress ip : pods) {
            if (!present.contains(ip)) {
                nl.routes().replace(RouteSpec.onLink(Cidr.host(ip), index));
                changed++;
            }
        }
        return changed;
    }
}
