package dev.weft.node.backend;

import dev.weft.cluster.SubnetLease;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.nodestate.PodRecord;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * macvlan (underlay): pods are hosts of the nodes' own segment, addressed from a weft-ipam pool on
 * its subnet, so there is nothing to do per peer (no encapsulation, no routes: the segment
 * delivers). Per node there is the {@link HostShim} with a /32 route per local pod, so the node
 * (kubelet probes) reaches its pods; every round re-ensures the shim, so one deleted by hand is
 * back at the next. Policy is enforced in each pod's own namespace (pod-to-pod traffic on one node
 * goes from macvlan to macvlan and never meets the node's hooks).
 */
public final class MacvlanBackend implements Backend {
    private final Netlink nl;
    private final InterfaceName shimName;
    private final int uplink;
    private final IpAddress nodeIp;

    MacvlanBackend(Netlink nl, InterfaceName shimName, int uplink, IpAddress nodeIp) {
        this.nl = nl;
        this.shimName = shimName;
        this.uplink = uplink;
        this.nodeIp = nodeIp;
    }

    @Override
    public void ensurePeer(SubnetLease peer) {
        // a peer's pods are on the same segment: reachable without anything on this node
    }

    @Override
    public void removePeer(SubnetLease peer) {
    }

    /** The shim alone, its routes as they are (an agent restart keeps the node reaching its pods). */
    synchronized HostShim ensureShim() {
        return HostShim.ensure(nl, shimName, uplink, nodeIp);
    }

    @Override
    public synchronized void ensureLocalPods(List<PodRecord> pods) {
        Set<IpAddress> ips = pods.stream().flatMap(p -> p.ips().stream()).filter(ip -> ip.isV4() == nodeIp.isV4())
                .collect(Collectors.toSet());
        ensureShim().routes(ips);
    }

    @Override
    public boolean policyInPodNamespaces() {
        return true;
    }
}
