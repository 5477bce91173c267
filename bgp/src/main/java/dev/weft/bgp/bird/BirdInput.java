package dev.weft.bgp.bird;

import dev.weft.bgp.BgpNode;
import dev.weft.bgp.BgpSettings;
import dev.weft.net.Cidr;

import java.util.Comparator;
import java.util.List;

/**
 * Everything one node's BIRD configuration depends on: the node itself, the cluster's other nodes
 * (this one is dropped from the list if present), the cluster network and its node subnet length,
 * and the BGP settings. IPv4 only, for now: the router id, the sessions and the filters are IPv4.
 */
public record BirdInput(BgpNode self, List<BgpNode> others, Cidr clusterNetwork, int subnetLength,
                        BgpSettings settings) {
    public BirdInput {
        if (self == null || clusterNetwork == null || settings == null) {
            throw new IllegalArgumentException("self, clusterNetwork and settings are required");
        }
        if (!clusterNetwork.isV4()) {
            throw new IllegalArgumentException("clusterNetwork: the BGP backend supports IPv4 only, got " + clusterNetwork);
        }
        if (!self.address().isV4()) {
            throw new IllegalArgumentException("self.address: BIRD's router id is the node's IPv4 address, got "
                    + self.address());
        }
        if (subnetLength <= clusterNetwork.prefixLength() || subnetLength > 32) {
            throw new IllegalArgumentException("subnetLength: /" + subnetLength + " does not fit in " + clusterNetwork);
        }
        if (!clusterNetwork.contains(self.subnet())) {
            throw new IllegalArgumentException("self.subnet: " + self.subnet() + " is outside the cluster network "
                    + clusterNetwork);
        }
        String me = self.name();
        others = others.stream().filter(n -> !n.name().equals(me)).sorted(Comparator.comparing(BgpNode::name)).toList();
        for (BgpNode n : others) {
            if (!n.address().isV4()) {
                throw new IllegalArgumentException("others: node " + n.name() + " has a non-IPv4 address " + n.address());
            }
        }
    }
}
