package dev.weft.dhcp.lease;

import dev.weft.cni.result.Route;
import dev.weft.dhcp.packet.Octets;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link PersistedLease}, plain strings and numbers so the file reads well and
 * Jackson maps it without custom serialisers. {@code expiresAt} is written for people and ignored
 * when read. {@code version} 1.
 */
record LeaseFile(int version, String containerId, String network, String ifName, String netns,
                 List<Integer> requested, Map<String, String> provided, String address, String gateway,
                 List<RouteEntry> routes, List<String> dns, String domain, String serverId, String boundAt,
                 long leaseSeconds, long renewalSeconds, long rebindingSeconds, String expiresAt) {
    static final int VERSION = 1;

    /** A route as {@code {"dst": "10.0.0.0/8", "gw": "192.0.2.1"}}; {@code gw} null when on-link. */
    record RouteEntry(String dst, String gw) {
    }

    static LeaseFile of(PersistedLease p) {
        Lease l = p.lease();
        Map<String, String> provided = new LinkedHashMap<>();
        p.options().provided().forEach((code, value) -> provided.put(Integer.toString(code), value.toHex()));
        return new LeaseFile(VERSION, p.attachment().containerId(), p.attachment().network(),
                p.attachment().ifName().value(), p.netns(), p.options().requested(), provided,
                l.address().toString(), l.gateway() == null ? null : l.gateway().toString(),
                l.routes().stream().map(r -> new RouteEntry(r.dst().toString(),
                        r.gw() == null ? null : r.gw().toString())).toList(),
                l.dnsServers().stream().map(IpAddress::toString).toList(), l.domain(), l.serverId().toString(),
                l.boundAt().toString(), l.leaseTime().toSeconds(), l.renewalTime().toSeconds(),
                l.rebindingTime().toSeconds(), l.expiresAt().toString());
    }

    /** Back to the value; any missing or malformed field is an {@link IllegalArgumentException} naming it. */
    PersistedLease toPersisted() {
        if (version != VERSION) {
            throw new IllegalArgumentException("version " + version + " is not " + VERSION);
        }
        Map<Integer, Octets> values = new LinkedHashMap<>();
        if (provided != null) {
            provided.forEach((code, hex) -> values.put(Integer.parseInt(code), Octets.ofHex(hex)));
        }
        Lease lease = new Lease(InterfaceAddress.parse(required("address", address)),
                gateway == null ? null : IpAddress.parse(gateway),
                routes == null ? List.of() : routes.stream().map(r -> Route.of(Cidr.parse(required("routes[].dst", r.dst())),
                        r.gw() == null ? null : IpAddress.parse(r.gw()))).toList(),
                dns == null ? List.of() : dns.stream().map(IpAddress::parse).toList(), domain,
                IpAddress.parse(required("serverId", serverId)), Instant.parse(required("boundAt", boundAt)),
                Duration.ofSeconds(leaseSeconds), Duration.ofSeconds(renewalSeconds), Duration.ofSeconds(rebindingSeconds));
        return new PersistedLease(Attachment.of(containerId, network, required("ifName", ifName)),
                required("netns", netns), new ClientOptions(requested, values), lease);
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing");
        }
        return value;
    }
}
