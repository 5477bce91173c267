package dev.weft.bgp;

import dev.weft.net.IpAddress;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster's BGP settings, stored at {@value #KEY}: the cluster's AS (every node is in it), the
 * node-to-node mesh, the nodes that are route reflectors and their cluster id, and the timers.
 *
 * <p>Topology: with no reflectors, {@code mesh} on gives one iBGP session between every two nodes
 * and off gives none (nodes then reach each other through explicit peers, e.g. a top-of-rack
 * router). With reflectors, the mesh flag does not matter: reflectors peer with every node (the
 * others are their clients) and with each other, clients peer only with the reflectors.
 * {@code reflectorClusterId} empty means each reflector uses its router id (BIRD's default); set it
 * to one value so redundant reflectors recognise each other's reflections.
 */
public record BgpConfig(Asn asn, boolean mesh, Set<String> reflectors, Optional<IpAddress> reflectorClusterId,
                        BgpTimers timers) {
    /** Where the cluster's BGP settings live. */
    public static final String KEY = "/weft/bgp/config";
    /** AS 64512, mesh on, no reflectors, {@link BgpTimers#DEFAULT}. */
    public static final BgpConfig DEFAULT = new BgpConfig(Asn.DEFAULT, true, Set.of(), Optional.empty(),
            BgpTimers.DEFAULT);

    public BgpConfig {
        if (asn == null) {
            throw new IllegalArgumentException("as: required");
        }
        if (timers == null) {
            throw new IllegalArgumentException("timers: required");
        }
        reflectors = reflectors == null ? Set.of() : reflectors;
        for (String r : reflectors) {
            NodeNames.check(r, "reflectors");
        }
        reflectors = Collections.unmodifiableSortedSet(new TreeSet<>(reflectors));
        reflectorClusterId = reflectorClusterId == null ? Optional.empty() : reflectorClusterId;
        reflectorClusterId.ifPresent(id -> {
            if (!id.isV4()) {
                throw new IllegalArgumentException("reflectorClusterId: a 32-bit id written as an IPv4 address, got " + id);
            }
        });
    }

    /** The same settings with the mesh on or off. */
    public BgpConfig withMesh(boolean on) {
        return new BgpConfig(asn, on, reflectors, reflectorClusterId, timers);
    }

    /** The same settings with another cluster AS. */
    public BgpConfig withAsn(Asn as) {
        return new BgpConfig(as, mesh, reflectors, reflectorClusterId, timers);
    }

    /** The same settings with {@code node} a route reflector ({@code on}) or not. */
    public BgpConfig withReflector(String node, boolean on) {
        TreeSet<String> rr = new TreeSet<>(reflectors);
        if (on) {
            rr.add(node);
        } else {
            rr.remove(node);
        }
        return new BgpConfig(asn, mesh, rr, reflectorClusterId, timers);
    }

    /** The same settings with a reflector cluster id (empty: each reflector's router id). */
    public BgpConfig withReflectorClusterId(Optional<IpAddress> id) {
        return new BgpConfig(asn, mesh, reflectors, id, timers);
    }

    /** The same settings with other timers. */
    public BgpConfig withTimers(BgpTimers t) {
        return new BgpConfig(asn, mesh, reflectors, reflectorClusterId, t);
    }

    public boolean isReflector(String node) {
        return reflectors.contains(node);
    }
}
