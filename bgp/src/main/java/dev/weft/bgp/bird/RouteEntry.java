package dev.weft.bgp.bird;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One route of {@code show route}: the prefix, its type ({@code unicast}, {@code blackhole}...),
 * the protocol that brought it, since when, the BGP neighbor it came from when that differs from
 * the next hop, whether it is the best ({@code *}, exported to the kernel), its preference, and
 * its next hops (several for ECMP).
 */
public record RouteEntry(Cidr net, String type, String protocol, Optional<Instant> since, Optional<IpAddress> from,
                         boolean primary, int preference, List<NextHop> nextHops) {
    /** A next hop: a gateway on an interface, or just an interface. */
    public record NextHop(Optional<IpAddress> via, String device) {
    }

    public RouteEntry {
        nextHops = List.copyOf(nextHops);
    }

    /** The gateways of the next hops. */
    public List<IpAddress> gateways() {
        return nextHops.stream().flatMap(h -> h.via().stream()).toList();
    }
}
