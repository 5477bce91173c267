package dev.weft.dhcp.daemon;

import dev.weft.cni.result.Route;
import dev.weft.dhcp.lease.Lease;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the protocol: plain strings and numbers that Jackson maps without custom
 * serialisers; absent fields are left out. Only {@link DaemonCodec} uses them.
 */
final class Wire {
    private Wire() {
    }

    record Request(Integer v, String op, String containerId, String network, String ifName, String netns,
                   List<Integer> request, Map<String, String> provide, Long timeoutMs) {
    }

    record Reply(Boolean ok, LeaseJson lease, Boolean sent, List<HeldJson> leases, String reason, String message) {
    }

    record HeldJson(String containerId, String network, String ifName, LeaseJson lease) {
    }

    record RouteJson(String dst, String gw) {
    }

    record LeaseJson(String address, String gateway, List<RouteJson> routes, List<String> dns, String domain,
                     String serverId, String boundAt, Long leaseSeconds, Long renewalSeconds, Long rebindingSeconds) {

        static LeaseJson of(Lease l) {
            return new LeaseJson(l.address().toString(), l.gateway() == null ? null : l.gateway().toString(),
                    l.routes().stream().map(r -> new RouteJson(r.dst().toString(),
                            r.gw() == null ? null : r.gw().toString())).toList(),
                    l.dnsServers().stream().map(IpAddress::toString).toList(), l.domain(), l.serverId().toString(),
                    l.boundAt().toString(), l.leaseTime().toSeconds(), l.renewalTime().toSeconds(),
                    l.rebindingTime().toSeconds());
        }

        Lease toLease(String field) {
            return new Lease(InterfaceAddress.parse(DaemonCodec.required(field + ".address", address)),
                    gateway == null ? null : IpAddress.parse(gateway),
                    routes == null ? List.of() : routes.stream().map(r -> Route.of(
                            Cidr.parse(DaemonCodec.required(field + ".routes[].dst", r.dst())),
                            r.gw() == null ? null : IpAddress.parse(r.gw()))).toList(),
                    dns == null ? List.of() : dns.stream().map(IpAddress::parse).toList(), domain,
                    IpAddress.parse(DaemonCodec.required(field + ".serverId", serverId)),
                    Instant.parse(DaemonCodec.required(field + ".boundAt", boundAt)),
                    Duration.ofSeconds(DaemonCodec.required(field + ".leaseSeconds", leaseSeconds)),
                    Duration.ofSeconds(DaemonCodec.required(field + ".renewalSeconds", renewalSeconds)),
                    Duration.ofSeconds(DaemonCodec.required(field + ".rebindingSeconds", rebindingSeconds)));
        }
    }
}
