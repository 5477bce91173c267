package dev.weft.overlay.udp.peer;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerTableTest {
    private static int ip(String s) {
        return PeerTable.toInt(IpAddress.parse(s));
    }

    @Test
    void findsThePeerOwningADestinationLongestPrefixFirst() {
        PeerTable t = PeerTable.of(Map.of(
                Cidr.parse("10.244.2.0/24"), IpAddress.parse("192.0.2.12"),
                Cidr.parse("10.244.3.0/24"), IpAddress.parse("192.0.2.13"),
                Cidr.parse("10.244.3.128/25"), IpAddress.parse("192.0.2.14")));
        assertThat(t.lookup(ip("10.244.2.7"))).isEqualTo(ip("192.0.2.12"));
        assertThat(t.lookup(ip("10.244.3.7"))).isEqualTo(ip("192.0.2.13"));
        assertThat(t.lookup(ip("10.244.3.200"))).isEqualTo(ip("192.0.2.14"));
        assertThat(t.lookup(ip("10.244.4.1"))).isZero();
        assertThat(t.isPeer(ip("192.0.2.13"))).isTrue();
        assertThat(t.isPeer(ip("192.0.2.99"))).isFalse();
        assertThat(t.isPeer(0)).isFalse();
        assertThat(PeerTable.EMPTY.lookup(ip("10.244.2.7"))).isZero();
    }

    @Property
    void agreesWithALinearScan(@ForAll @IntRange(min = 1, max = 300) int peers, @ForAll @IntRange(max = 65535) int probe) {
        Map<Cidr, IpAddress> m = new HashMap<>();
        for (int i = 0; i < peers; i++) {
            m.put(Cidr.parse("10.244." + i % 256 + "." + (i / 256) * 64 + "/26"), IpAddress.parse("192.0." + i / 250 + "." + (1 + i % 250)));
        }
        PeerTable t = PeerTable.of(m);
        int dst = ip("10.244.0.0") | probe;
        int expected = m.entrySet().stream().filter(e -> e.getKey().contains(PeerTable.toAddress(dst)))
                .mapToInt(e -> PeerTable.toInt(e.getValue())).findFirst().orElse(0);
        assertThat(t.lookup(dst)).isEqualTo(expected);
    }

    @Test
    void refusesWhatCannotBeAPeer() {
        assertThatThrownBy(() -> PeerTable.of(Map.of(Cidr.parse("10.244.2.0/24"), IpAddress.parse("0.0.0.0"))))
                .hasMessageContaining("peer address 0.0.0.0 of subnet 10.244.2.0/24");
        assertThatThrownBy(() -> PeerTable.of(Map.of(Cidr.parse("fd00::/64"), IpAddress.parse("192.0.2.1"))))
                .hasMessageContaining("fd00::/64");
    }
}
