package dev.weft.bgp;

import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.store.Datastore;
import dev.weft.store.Entry;

import java.util.Set;
import java.util.TreeSet;

/** The nodes a BGP setting may name: a peer's {@code --node}, a route reflector. */
@FunctionalInterface
public interface NodeDirectory {
    /** The names of the cluster's nodes now. */
    Set<String> nodes();

    /**
     * The cluster's nodes as the datastore knows them: every node holding a subnet lease, and every
     * node a subnet is reserved for (it may not have joined yet).
     */
    static NodeDirectory of(Datastore store) {
        SubnetManager subnets = new SubnetManager(store);
        return () -> {
            Set<String> out = new TreeSet<>();
            subnets.leases().stream().map(SubnetLease::node).forEach(out::add);
            // SubnetManager keeps reservations as node names under this prefix (its RESERVATIONS).
            store.list("/weft/reservations/").stream().map(Entry::text).forEach(out::add);
            return out;
        };
    }
}
