package dev.weft.node.backend.bgp;

import dev.weft.bgp.BgpStore;
import dev.weft.bgp.speaker.BgpSpeaker;
import dev.weft.cluster.SubnetLease;
import dev.weft.node.backend.Backend;
import dev.weft.node.backend.BackendContext;
import dev.weft.node.backend.BackendFactory;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.netlink.addr.AddrCodec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bgp}: BIRD 2 beside the agent announces this node's subnet and installs the others'; pods
 * get the uplink's MTU (no encapsulation) and are routed, not bridged ({@link SubnetBlackhole}). With the cluster's weft-ipam pool, BIRD also announces this
 * node's blocks and borrowed addresses and installs the others' (the agent's {@code BlockRoutes}
 * routes only what lives here). BIRD is found before the lease is taken, so an agent on a
 * machine without it stops at once with an error naming the Debian package {@code bird2}.
 */
public final class BgpBackendFactory implements BackendFactory {
    /** Where BIRD's files go under the agent's run directory. */
    public static final String BIRD_DIR = "bird";

    @Override
    public String name() {
        return "bgp";
    }

    @Override
    public Prepared prepare(BackendContext c) {
        Path dir = c.runDir().resolve(BIRD_DIR);
        // The agent runs in its node's namespace; nodes on its uplink's network join without a configure here.
        BgpSpeaker speaker = BgpSpeaker.open(c.node(), dir, Optional.empty(), uplinkNetwork(c));
        return new Prepared() {
            @Override
            public int podMtu() {
                return c.uplinkMtu();
            }

            @Override
            public Map<String, String> leaseData() {
                return Map.of();
            }

            /** Calico's wiring: the node subnet is announced whole, each pod is a host route to its veth. */
            @Override
            public boolean routedPods() {
                return true;
            }

            @Override
            public Backend start(SubnetLease own) {
                return new BgpBackend(c.nl(), c.node(), c.cluster(), new BgpStore(c.store()), speaker, c.store());
            }
        };
    }

    /**
     * The network of the address the node is known by (its uplink's, e.g. 172.30.0.0/24): BIRD accepts
     * sessions from nodes there without naming them (dynamic BGP), so a node that joins on the same
     * segment changes no other node's configuration. Nodes elsewhere (behind routers) are named.
     */
    static Optional<Cidr> uplinkNetwork(BackendContext c) {
        return c.nl().addresses().list().stream().map(AddrCodec.Addr::address)
                .filter(a -> a.address().equals(c.publicIp()) && a.isV4() && a.prefixLength() < 32)
                .map(InterfaceAddress::network).findFirst();
    }
}
