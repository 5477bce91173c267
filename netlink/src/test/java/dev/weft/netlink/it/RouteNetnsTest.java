package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.netlink.route.Routes;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routes in any table, v4 and v6, checked by weft's dump and by {@code ip -j route}. */
@RequiresRoot
class RouteNetnsTest {
    private TestNs a;
    private LinkInfo u0;
    private LinkInfo u2;

    @BeforeEach
    void setUp() {
        a = TestNs.create("rt");
        u0 = uplink("u0", "u1", "192.0.2.1/24", "fd00:a::1/64");
        u2 = uplink("u2", "u3", "198.51.100.1/24", "fd00:b::1/64");
    }

    private LinkInfo uplink(String name, String peer, String v4, String v6) {
        LinkInfo l = a.nl.links().addAndGet(new LinkSpec.Veth(InterfaceName.of(name), 0, InterfaceName.of(peer), -1));
        a.nl.links().setUp(l.index());
        a.nl.links().ensureUp(peer);
        a.nl.addresses().add(l.index(), InterfaceAddress.parse(v4));
        a.nl.addresses().add(l.index(), InterfaceAddress.parse(v6), AddrCodec.NODAD);
        return l;
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a);
    }

    private JsonNode ipRoute(String family, String dst, String... table) {
        JsonNode arr = table.length == 0 ? a.json(family, "route", "show", dst)
                : a.json(family, "route", "show", "table", table[0], dst);
        assertThat(arr).as("ip route show " + dst).hasSize(1);
        return arr.get(0);
    }

    @Test
    void gatewayDeviceMetricAndMetricsV4AndV6() {
        Routes r = a.nl.routes();
        r.add(RouteSpec.via(Cidr.parse("10.20.0.0/16"), IpAddress.parse("192.0.2.254"), u0.index())
                .withPriority(50).withMetrics(1300, 1200));
        r.add(RouteSpec.via(Cidr.parse("fd00:20::/48"), IpAddress.parse("fd00:a::fe"), u0.index())
                .withPriority(60).withMetrics(1400, 0));
        JsonNode v4 = ipRoute("-4", "10.20.0.0/16");
        assertThat(v4.path("gateway").asString()).isEqualTo("192.0.2.254");
        assertThat(v4.path("dev").asString()).isEqualTo("u0");
        assertThat(v4.path("metric").asInt()).isEqualTo(50);
        assertThat(v4.path("metrics").toString()).contains("\"mtu\":1300").contains("\"advmss\":1200");
        JsonNode v6 = ipRoute("-6", "fd00:20::/48");
        assertThat(v6.path("gateway").asString()).isEqualTo("fd00:a::fe");
        assertThat(v6.path("metric").asInt()).isEqualTo(60);
        assertThat(v6.path("metrics").toString()).contains("\"mtu\":1400");
        RouteSpec mine = r.list(254).stream().filter(x -> x.dst().equals(Cidr.parse("10.20.0.0/16"))).findFirst()
                .orElseThrow();
        assertThat(mine.gateway()).isEqualTo(IpAddress.parse("192.0.2.254"));
        assertThat(mine.oif()).isEqualTo(u0.index());
        assertThat(mine.priority()).isEqualTo(50);
        assertThat(mine.mtu()).isEqualTo(1300);
        assertThat(mine.advmss()).isEqualTo(1200);
        assertThatThrownBy(() -> r.add(RouteSpec.via(Cidr.parse("10.20.0.0/16"), IpAddress.parse("192.0.2.254"),
                u0.index()).withPriority(50))).isInstanceOf(NetlinkException.ExistsException.class);
        r.replace(RouteSpec.via(Cidr.parse("10.20.0.0/16"), IpAddress.parse("192.0.2.253"), u0.index()).withPriority(50));
        assertThat(ipRoute("-4", "10.20.0.0/16").path("gateway").asString()).isEqualTo("192.0.2.253");
        r.delete(RouteSpec.via(Cidr.parse("10.20.0.0/16"), null, 0).withPriority(50));
        r.delete(RouteSpec.via(Cidr.parse("fd00:20::/48"), IpAddress.parse("fd00:a::fe"), u0.index()).withPriority(60));
        assertThat(a.json("route", "show", "10.20.0.0/16")).isEmpty();
        assertThat(a.json("-6", "route", "show", "fd00:20::/48")).isEmpty();
        assertThat(r.deleteIfExists(RouteSpec.onLink(Cidr.parse("10.20.0.0/16"), u0.index()))).isFalse();
    }

    @Test
    void onlinkScopeAndDeviceRoutes() {
        Routes r = a.nl.routes();
        r.add(RouteSpec.via(Cidr.parse("10.30.0.0/24"), IpAddress.parse("10.99.0.1"), u0.index()).withOnlink());
        r.add(RouteSpec.onLink(Cidr.parse("10.31.0.0/24"), u2.index()));
        r.add(RouteSpec.onLink(Cidr.parse("10.32.0.1/32"), u2.index()).withScope(RouteSpec.SCOPE_HOST));
        assertThat(ipRoute("-4", "10.30.0.0/24").path("flags").toString()).contains("onlink");
        assertThat(ipRoute("-4", "10.31.0.0/24").path("scope").asString()).isEqualTo("link");
        assertThat(ipRoute("-4", "10.32.0.1").path("scope").asString()).isEqualTo("host");
        List<RouteSpec> main = r.list(254);
        assertThat(main).filteredOn(x -> x.dst().equals(Cidr.parse("10.30.0.0/24"))).singleElement()
                .satisfies(x -> assertThat(x.onlink()).isTrue());
        assertThat(main).filteredOn(x -> x.dst().equals(Cidr.parse("10.31.0.0/24"))).singleElement()
                .satisfies(x -> assertThat(x.scope()).isEqualTo(RouteSpec.SCOPE_LINK));
        assertThat(main).filteredOn(x -> x.dst().equals(Cidr.parse("10.32.0.1/32"))).singleElement()
                .satisfies(x -> assertThat(x.scope()).isEqualTo(RouteSpec.SCOPE_HOST));
    }

    @Test
    void tablesAboveAndBelow255AndBlackholes() {
        Routes r = a.nl.routes();
        r.add(RouteSpec.blackhole(Cidr.parse("198.18.0.0/15")).inTable(1000));
        r.add(RouteSpec.blackhole(Cidr.parse("fd00:dead::/32")).inTable(100000));
        r.add(RouteSpec.via(Cidr.parse("0.0.0.0/0"), IpAddress.parse("192.0.2.254"), u0.index()).inTable(100));
        assertThat(ipRoute("-4", "198.18.0.0/15", "1000").path("type").asString()).isEqualTo("blackhole");
        assertThat(ipRoute("-6", "fd00:dead::/32", "100000").path("type").asString()).isEqualTo("blackhole");
        assertThat(ipRoute("-4", "default", "100").path("gateway").asString()).isEqualTo("192.0.2.254");
        assertThat(r.list(1000)).singleElement().satisfies(x -> assertThat(x.blackhole()).isTrue());
        assertThat(r.list(100000)).singleElement().satisfies(x -> assertThat(x.dst()).isEqualTo(Cidr.parse("fd00:dead::/32")));
        assertThat(r.list(100)).singleElement().satisfies(x -> assertThat(x.dst().prefixLength()).isZero());
        assertThat(a.json("route", "show")).noneMatch(j -> j.path("dst").asString().equals("198.18.0.0/15"));
        r.delete(RouteSpec.blackhole(Cidr.parse("198.18.0.0/15")).inTable(1000));
        assertThat(r.list(1000)).isEmpty();
        assertThat(a.json("route", "show", "table", "1000")).isEmpty();
    }

    @Test
    void multipathV4AndV6() {
        Routes r = a.nl.routes();
        List<RouteSpec.Nexthop> v4 = List.of(new RouteSpec.Nexthop(IpAddress.parse("192.0.2.10"), u0.index(), 1),
                new RouteSpec.Nexthop(IpAddress.parse("198.51.100.10"), u2.index(), 3));
        r.add(RouteSpec.multipath(Cidr.parse("203.0.113.0/24"), v4));
        JsonNode hops = ipRoute("-4", "203.0.113.0/24").path("nexthops");
        assertThat(hops).hasSize(2);
        assertThat(hops.get(0).path("gateway").asString()).isEqualTo("192.0.2.10");
        assertThat(hops.get(0).path("dev").asString()).isEqualTo("u0");
        assertThat(hops.get(1).path("gateway").asString()).isEqualTo("198.51.100.10");
        assertThat(hops.get(1).path("weight").asInt()).isEqualTo(3);
        assertThat(r.list(254)).filteredOn(x -> x.dst().equals(Cidr.parse("203.0.113.0/24"))).singleElement()
                .satisfies(x -> assertThat(x.nexthops()).isEqualTo(v4));

        List<RouteSpec.Nexthop> v6 = List.of(new RouteSpec.Nexthop(IpAddress.parse("fd00:a::10"), u0.index(), 1),
                new RouteSpec.Nexthop(IpAddress.parse("fd00:b::10"), u2.index(), 2));
        r.add(RouteSpec.multipath(Cidr.parse("fd00:30::/64"), v6));
        JsonNode hops6 = ipRoute("-6", "fd00:30::/64").path("nexthops");
        assertThat(hops6).hasSize(2);
        assertThat(hops6.get(1).path("gateway").asString()).isEqualTo("fd00:b::10");
        assertThat(hops6.get(1).path("weight").asInt()).isEqualTo(2);
        assertThat(r.list(254)).filteredOn(x -> x.dst().equals(Cidr.parse("fd00:30::/64"))).singleElement()
                .satisfies(x -> assertThat(x.nexthops()).containsExactlyInAnyOrderElementsOf(v6));
        r.delete(RouteSpec.multipath(Cidr.parse("203.0.113.0/24"), v4));
        assertThat(a.json("route", "show", "203.0.113.0/24")).isEmpty();
    }
}
