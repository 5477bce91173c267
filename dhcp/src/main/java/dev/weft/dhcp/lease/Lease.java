package dev.weft.dhcp.lease;

import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Dns;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.Route;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.Options;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bound DHCP lease: the address with its prefix, the gateway and routes as the container should
 * use them, DNS, the server that granted it and its times. {@code gateway} may be null (no router
 * offered) and {@code domain} too; lists are never null.
 *
 * <p>Routes follow RFC 3442: when the server sent option 121, its routes are the routes and options
 * 3 and 33 are ignored (the gateway is then the router of 121's default route, if it has one);
 * otherwise option 33's routes plus a default route through the first router of option 3, as the
 * reference dhcp plugin returns them.
 */
public record Lease(InterfaceAddress address, IpAddress gateway, List<Route> routes, List<IpAddress> dnsServers,
                    String domain, IpAddress serverId, Instant boundAt, Duration leaseTime, Duration renewalTime,
                    Duration rebindingTime) {
    private static final Cidr DEFAULT = Cidr.parse("0.0.0.0/0");

    public Lease {
        require(address, "address");
        require(serverId, "serverId");
        require(boundAt, "boundAt");
        require(leaseTime, "leaseTime");
        require(renewalTime, "renewalTime");
        require(rebindingTime, "rebindingTime");
        if (!address.isV4() || !serverId.isV4() || (gateway != null && !gateway.isV4())) {
            throw new IllegalArgumentException("a DHCPv4 lease holds IPv4 addresses: address " + address
                    + ", gateway " + gateway + ", serverId " + serverId);
        }
        if (leaseTime.isNegative() || renewalTime.isNegative() || renewalTime.compareTo(rebindingTime) > 0
                || rebindingTime.compareTo(leaseTime) > 0) {
            throw new IllegalArgumentException("lease times must satisfy 0 <= renewalTime <= rebindingTime <= leaseTime,"
                    + " not " + renewalTime + ", " + rebindingTime + ", " + leaseTime);
        }
        routes = routes == null ? List.of() : List.copyOf(routes);
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        domain = domain == null || domain.isBlank() ? null : domain;
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("lease " + field + " is required");
        }
    }

    /**
     * The lease a DHCPACK grants, bound at {@code boundAt} (the time the REQUEST went out, so the
     * times err early). T1 and T2 default to 0.5 and 0.875 of the lease (RFC 2131 4.4.5), also when
     * the server's values are out of order. {@code fallbackServer} stands in for a missing option 54.
     * Throws {@link IllegalArgumentException} naming what the ACK lacks.
     */
    public static Lease fromAck(DhcpPacket ack, Instant boundAt, IpAddress fallbackServer) {
        Options o = ack.options();
        if (ack.yiaddr().isUnspecified()) {
            throw new IllegalArgumentException("the ACK assigns no address (yiaddr 0.0.0.0)");
        }
        int prefix = o.subnetPrefix().orElseThrow(() -> new IllegalArgumentException(
                "the ACK for " + ack.yiaddr() + " has no subnet mask (option 1)"));
        Duration lease = o.leaseTime().orElseThrow(() -> new IllegalArgumentException(
                "the ACK for " + ack.yiaddr() + " has no lease time (option 51)"));
        Duration t2 = o.rebindingTime().filter(t -> t.compareTo(lease) <= 0).orElse(lease.multipliedBy(7).dividedBy(8));
        Duration t1 = o.renewalTime().filter(t -> t.compareTo(t2) <= 0).orElse(lease.dividedBy(2));
        if (t1.compareTo(t2) > 0) {
            t1 = t2;
        }
        IpAddress server = o.serverId().orElse(fallbackServer);
        if (server == null) {
            throw new IllegalArgumentException("the ACK for " + ack.yiaddr() + " names no server (option 54)");
        }
        Optional<List<Route>> classless = o.classlessRoutes();
        IpAddress gateway;
        List<Route> routes = new ArrayList<>();
        if (classless.isPresent()) {
            routes.addAll(classless.get());
            gateway = classless.get().stream().filter(r -> r.dst().equals(DEFAULT) && r.gw() != null)
                    .map(Route::gw).findFirst().orElse(null);
        } else {
            routes.addAll(o.staticRoutes());
            gateway = o.routers().isEmpty() ? null : o.routers().getFirst();
            if (gateway != null) {
                routes.add(Route.of(DEFAULT, gateway));
            }
        }
        return new Lease(new InterfaceAddress(ack.yiaddr(), prefix), gateway, routes, o.dnsServers(),
                o.domainName().orElse(null), server, boundAt, lease, t1, t2);
    }

    /** T1: when the client starts renewing with its server. */
    public Instant renewAt() {
        return boundAt.plus(renewalTime);
    }

    /** T2: when the client starts asking any server. */
    public Instant rebindAt() {
        return boundAt.plus(rebindingTime);
    }

    public Instant expiresAt() {
        return boundAt.plus(leaseTime);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt());
    }

    /** What an IPAM plugin returns for this lease, in {@code version}: one address, routes, DNS. */
    public Result toResult(CniVersion version) {
        Dns dns = new Dns(dnsServers.stream().map(IpAddress::toString).toList(), domain, null, null);
        return new Result(version, List.of(), List.of(new IpConfig(address, gateway, null)), routes, dns);
    }

    @Override
    public String toString() {
        return address + " from " + serverId + " until " + expiresAt();
    }
}
