package dev.weft.bgp.bird;

import dev.weft.bgp.testing.Captured;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesParserTest {
    @Test
    void routesOfAClientWithAnEbgpPeer() {
        List<RouteEntry> rs = RoutesParser.parse(Captured.reply("show-route-ebgp-client.txt"), ZoneOffset.UTC);
        assertThat(rs).extracting(r -> r.net().toString()).containsExactly("0.0.0.0/0", "10.244.1.0/24", "10.244.1.0/24",
                "10.244.2.0/24", "10.244.2.0/24", "10.244.3.0/24", "10.244.3.0/24", "192.0.2.0/24", "10.244.50.0/24",
                "10.244.4.0/24");
        RouteEntry def = rs.getFirst();
        assertThat(def.protocol()).isEqualTo("peer_tor");
        assertThat(def.primary()).isTrue();
        assertThat(def.preference()).isEqualTo(100);
        assertThat(def.gateways()).containsExactly(IpAddress.parse("192.0.2.1"));
        RouteEntry reflected = rs.get(2);
        assertThat(reflected.primary()).isFalse();
        assertThat(reflected.protocol()).isEqualTo("node_n2");
        assertThat(reflected.from()).contains(IpAddress.parse("192.0.2.12"));
        assertThat(reflected.nextHops()).containsExactly(new RouteEntry.NextHop(Optional.of(IpAddress.parse("192.0.2.11")), "eth0"));
        RouteEntry direct = rs.get(7);
        assertThat(direct.nextHops()).containsExactly(new RouteEntry.NextHop(Optional.empty(), "eth0"));
        RouteEntry own = rs.getLast();
        assertThat(own.type()).isEqualTo("blackhole");
        assertThat(own.protocol()).isEqualTo("weft_subnet");
        assertThat(own.nextHops()).isEmpty();
    }

    @Test
    void onlyBgpRoutes() {
        List<RouteEntry> rs = RoutesParser.parse(Captured.reply("show-route-bgp-only.txt"), ZoneOffset.UTC);
        assertThat(rs).isNotEmpty().allSatisfy(r -> assertThat(r.protocol()).matches("peer_.*|node_.*"));
        assertThat(rs).extracting(RouteEntry::net).contains(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.244.3.0/24"));
    }

    @Test
    void multipathNextHopsAllCount() {
        BirdReply r = BirdReply.parseAll("""
                1007-Table master4:
                 10.244.7.0/24        unicast [peer_tor1 2026-12-02T02:35:15+0000] * (100) [AS65000i]
                 \tvia 192.0.2.1 on eth0 weight 1
                 \tvia 192.0.2.2 on eth0 weight 1
                0000\s
                """).getFirst();
        assertThat(RoutesParser.parse(r, ZoneOffset.UTC).getFirst().gateways())
                .containsExactly(IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.2"));
    }
}
