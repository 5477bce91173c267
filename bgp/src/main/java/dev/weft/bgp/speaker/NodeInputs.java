package dev.weft.bgp.speaker;

import dev.weft.bgp.BgpNode;
import dev.weft.bgp.BgpSettings;
import dev.weft.bgp.BgpStore;
import dev.weft.bgp.bird.BirdInput;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's {@link BirdInput} from the cluster's state: the subnet leases are the nodes (name,
 * underlay address, subnet), the cluster configuration gives the network, the BGP settings the rest.
 */
public final class NodeInputs {
    private NodeInputs() {
    }

    /** Reads the datastore now; empty while {@code node} holds no subnet lease. */
    public static Optional<BirdInput> read(SubnetManager subnets, BgpStore bgp, String node) {
        return of(subnets.config(), subnets.leases(), bgp.settings(), node);
    }

    /** The input for {@code node}; empty while it holds no lease. One lease per node counts (the lowest subnet). */
    public static Optional<BirdInput> of(ClusterConfig cluster, List<SubnetLease> leases, BgpSettings settings, String node) {
        Map<String, BgpNode> nodes = new LinkedHashMap<>();
        leases.stream().sorted(Comparator.comparing(SubnetLease::subnet))
                .forEach(l -> nodes.putIfAbsent(l.node(), new BgpNode(l.node(), l.publicIp(), l.subnet())));
        BgpNode self = nodes.get(node);
        if (self == null) {
            return Optional.empty();
        }
        return Optional.of(new BirdInput(self, List.copyOf(nodes.values()), cluster.network(), cluster.subnetLength(),
                settings));
    }
}
