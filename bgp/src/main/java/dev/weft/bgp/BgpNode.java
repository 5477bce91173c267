package dev.weft.bgp;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/**
 * A node of the cluster as BGP sees it: its name, its underlay address (its BGP address, router id
 * and the next hop of its pod subnet) and its pod subnet.
 */
public record BgpNode(String name, IpAddress address, Cidr subnet) {
    public BgpNode {
        NodeNames.check(name, "node");
        if (address == null) {
            throw new IllegalArgumentException("address: required for node " + name);
        }
        if (subnet == null) {
            throw new IllegalArgumentException("subnet: required for node " + name);
        }
    }
}
