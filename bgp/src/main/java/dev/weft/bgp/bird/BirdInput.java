package dev.weft.bgp.bird;

import dev.weft.bgp.BgpNode;
import dev.weft.bgp.BgpSettings;
import dev.weft.net.Cidr;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one node's BIRD configuration depends on: the node itself, the cluster's other nodes
 * (this one is dropped from the list if present), the cluster network and its node subnet length,
 * and the BGP settings. IPv4 only, for now: the router id, the sessions and the filters are IPv4.
 *
 * <p>Dynamic BGP: {@code nodeRange} (empty: none) is the network of node addresses this node
 * accepts sessions from without naming them (BIRD's {@code neighbor range}, passive); nodes in
 * {@code passive} (names, all inside the range) get no session of their own in this configuration:
 * they open theirs, and the range takes it. So a node that joins changes no other node's
 * configuration. Which nodes are passive is the speaker's decision ({@code speaker.JoinPlan}).
 *
 * <p>{@code pool} (empty: none): the cluster's weft-ipam pool, whose blocks and borrowed addresses
 * this node announces and imports besides the node subnets ({@link BirdPool}).
 */
public record BirdInput(BgpNode self, List<BgpNode> others, Cidr clusterNetwork, int subnetLength,
                        BgpSettings settings, Optional<Cidr> nodeRange, Set<String> passive, Optional<BirdPool> pool) {
    /** Without dynamic BGP: every session named (the configuration of before dynamic BGP). */
    public BirdInput(BgpNode self, List<BgpNode> others, Cidr clusterNetwork, int subnetLength, BgpSettings settings) {
        this(self, others, clusterNetwork, subnetLength, settings, Optional.empty(), Set.of(), Optional.empty());
    }

    /** Without a pool. */
    public BirdInput(BgpNode self, List<BgpNode> others, Cidr clusterNetwork, int subnetLength, BgpSettings settings,
                     Optional<Cidr> nodeRange, Set<String> passive) {
        this(self, others, clusterNetwork, subnetLength, settings, nodeRange, passive, Optional.empty());
    }

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
        if (nodeRange == null || passive == null) {
            throw new IllegalArgumentException("nodeRange and passive are required (empty for none)");
        }
        if (nodeRange.isPresent() && !nodeRange.get().isV4()) {
            throw new IllegalArgumentException("nodeRange: IPv4 only, got " + nodeRange.get());
        }
        passive = Set.copyOf(passive);
        if (pool == null) {
            throw new IllegalArgumentException("pool: required (empty for none)");
        }
        if (pool.isPresent() && pool.get().cidr().overlaps(clusterNetwork)) {
            throw new IllegalArgumentException("pool: " + pool.get().cidr() + " overlaps the cluster network " + clusterNetwork);
        }
        for (String name : passive) {
            BgpNode n = others.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("passive: " + name + " is not another node of the cluster"));
            if (nodeRange.isEmpty() || !nodeRange.get().contains(n.address())) {
                throw new IllegalArgumentException("passive: node " + name + " at " + n.address()
                        + " is outside the node range " + nodeRange.map(Cidr::toString).orElse("(none)")
                        + ", so its session could not be accepted");
            }
        }
    }

    /** This input with dynamic BGP: {@code range} accepted, {@code passiveNodes} left to it. */
    public BirdInput withDynamic(Optional<Cidr> range, Set<String> passiveNodes) {
        return new BirdInput(self, others, clusterNetwork, subnetLength, settings, range, passiveNodes, pool);
    }

    /** This input with the cluster's pool {@code p} (empty: none). */
    public BirdInput withPool(Optional<BirdPool> p) {
        return new BirdInput(self, others, clusterNetwork, subnetLength, settings, nodeRange, passive, p);
    }
}
