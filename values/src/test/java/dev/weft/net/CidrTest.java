package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static Cidr cidr(String s) {
        return Cidr.parse(s);
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void parsesStrict() {
        Cidr c = cidr("10.1.0.0/16");
        assertThat(c.network()).isEqualTo(ip("10.1.0.0"));
        assertThat(c.prefixLength()).isEqualTo(16);
        assertThat(c.isV4()).isTrue();
        assertThat(c).hasToString("10.1.0.0/16");
        assertThat(cidr("2001:DB8:0::/32")).hasToString("2001:db8::/32");
        assertThat(cidr("2001:db8::/32").isV4()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.0.1/16", "10.0.0.1/31", "192.168.1.128/24", "1.0.0.0/7", "2001:db8::1/64",
        "2001:db8:0:0:8000::/64", "::1/127"})
    void strictRejectsHostBitsNamingInput(String s) {
        assertThatThrownBy(() -> Cidr.parse(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits")
                .hasMessageContaining(IpAddress.parse(s.substring(0, s.indexOf('/'))) + s.substring(s.indexOf('/')));
    }

    @Test
    void strictHostBitsMessageSuggestsTheNetwork() {
        assertThatThrownBy(() -> Cidr.parse("10.1.2.3/16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.1.2.3/16")
                .hasMessageContaining("10.1.0.0/16");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.1.2.3/16,        10.1.0.0/16",
        "10.1.2.3/32,        10.1.2.3/32",
        "10.1.2.3/0,         0.0.0.0/0",
        "192.168.1.255/25,   192.168.1.128/25",
        "192.168.1.127/25,   192.168.1.0/25",
        "255.255.255.255/1,  128.0.0.0/1",
        "10.1.2.3/23,        10.1.2.0/23",
        "10.1.3.3/23,        10.1.2.0/23",
        "2001:db8::1/64,     2001:db8::/64",
        "2001:db8:ffff:ffff:ffff::/33, 2001:db8:8000::/33",
        "fe80::1:2:3:4/10,   fe80::/10",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0, ::/0",
        "::1/128,            ::1/128",
    })
    void parseMaskedClearsHostBits(String in, String expected) {
        assertThat(Cidr.parseMasked(in)).hasToString(expected).isEqualTo(cidr(expected));
    }

    @Test
    void ofAndHost() {
        assertThat(Cidr.of(ip("172.16.5.4"), 12)).isEqualTo(cidr("172.16.0.0/12"));
        assertThat(Cidr.host(ip("172.16.5.4"))).isEqualTo(cidr("172.16.5.4/32"));
        assertThat(Cidr.host(ip("2001:db8::7"))).hasToString("2001:db8::7/128");
        assertThatThrownBy(() -> Cidr.of(ip("10.0.0.0"), 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.of(ip("10.0.0.0"), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(ip("::"), 129))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("129");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/1a", "10.0.0.0/ 8",
        "10.0.0.0/8/8", "/8", "::/129", "::/1000", "ten/8", "10.0.0.256/24", "[::]/0", "fe80::%eth0/64"})
    void parseRejectsJunk(String s) {
        assertThatThrownBy(() -> Cidr.parse(s)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parseMasked(s)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- contains / overlaps ----

    @Test
    void containsAddress() {
        Cidr c = cidr("10.1.0.0/16");
        assertThat(c.contains(ip("10.1.0.0"))).isTrue();
        assertThat(c.contains(ip("10.1.255.255"))).isTrue();
        assertThat(c.contains(ip("10.1.77.3"))).isTrue();
        assertThat(c.contains(ip("10.0.255.255"))).isFalse();
        assertThat(c.contains(ip("10.2.0.0"))).isFalse();
        assertThat(c.contains(ip("::ffff:10.1.0.1"))).isTrue(); // mapped literal is the IPv4 host
        assertThat(c.contains(ip("::a01:1"))).isFalse();        // v4-compatible is IPv6: other family
        assertThat(cidr("::/0").contains(ip("10.1.0.1"))).isFalse();
        assertThat(cidr("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(cidr("0.0.0.0/0").contains(ip("255.255.255.255"))).isTrue();
        assertThat(cidr("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(cidr("2001:db8::/32").contains(ip("2001:db9::"))).isFalse();
    }

    @Test
    void containsCidr() {
        Cidr c = cidr("10.1.0.0/16");
        assertThat(c.contains(c)).isTrue();
        assertThat(c.contains(cidr("10.1.128.0/17"))).isTrue();
        assertThat(c.contains(cidr("10.1.2.3/32"))).isTrue();
        assertThat(c.contains(cidr("10.0.0.0/15"))).isFalse();
        assertThat(c.contains(cidr("10.0.0.0/8"))).isFalse();
        assertThat(c.contains(cidr("10.2.0.0/16"))).isFalse();
        assertThat(cidr("0.0.0.0/0").contains(cidr("::/0"))).isFalse();
        assertThat(cidr("::/0").contains(cidr("0.0.0.0/0"))).isFalse();
    }

    @Test
    void overlaps() {
        Cidr a = cidr("10.1.0.0/16");
        assertThat(a.overlaps(cidr("10.0.0.0/8"))).isTrue();
        assertThat(cidr("10.0.0.0/8").overlaps(a)).isTrue();
        assertThat(a.overlaps(cidr("10.1.4.0/24"))).isTrue();
        assertThat(a.overlaps(a)).isTrue();
        assertThat(a.overlaps(cidr("10.2.0.0/16"))).isFalse();
        assertThat(cidr("10.0.0.0/24").overlaps(cidr("10.0.1.0/24"))).isFalse();
        assertThat(cidr("10.0.0.0/23").overlaps(cidr("10.0.1.0/24"))).isTrue();
        assertThat(cidr("0.0.0.0/0").overlaps(cidr("::/0"))).isFalse();
        assertThat(cidr("fd00::/8").overlaps(cidr("fd12:3456::/32"))).isTrue();
        assertThat(cidr("fd00::/8").overlaps(cidr("fe80::/10"))).isFalse();
    }

    // ---- last / size and edge prefixes ----

    @ParameterizedTest(name = "{0}: last {1}, size {2}")
    @CsvSource({
        "10.1.0.0/16,     10.1.255.255,     65536",
        "192.168.1.0/24,  192.168.1.255,    256",
        "192.168.1.0/31,  192.168.1.1,      2",
        "192.168.1.7/32,  192.168.1.7,      1",
        "0.0.0.0/0,       255.255.255.255,  4294967296",
        "128.0.0.0/1,     255.255.255.255,  2147483648",
        "2001:db8::/64,   2001:db8::ffff:ffff:ffff:ffff, 18446744073709551616",
        "2001:db8::1/128, 2001:db8::1,      1",
        "::/0,            ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 340282366920938463463374607431768211456",
        "fe80::/10,       febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 332306998946228968225951765070086144",
    })
    void lastAndSize(String c, String last, String size) {
        Cidr cidr = cidr(c);
        assertThat(cidr.last()).isEqualTo(ip(last)).hasToString(last);
        assertThat(cidr.last().isV4()).isEqualTo(cidr.isV4());
        assertThat(cidr.size()).isEqualTo(new BigInteger(size));
        assertThat(cidr.contains(cidr.last())).isTrue();
        assertThat(cidr.contains(cidr.network())).isTrue();
    }

    @Test
    void edgePrefixes() {
        assertThat(cidr("0.0.0.0/0").size()).isEqualTo(BigInteger.ONE.shiftLeft(32));
        assertThat(cidr("::/0").size()).isEqualTo(BigInteger.ONE.shiftLeft(128));
        assertThat(cidr("1.2.3.4/32").size()).isEqualTo(BigInteger.ONE);
        assertThat(cidr("::/128").size()).isEqualTo(BigInteger.ONE);
        assertThat(cidr("1.2.3.4/32").contains(ip("1.2.3.5"))).isFalse();
        assertThat(cidr("::/128").contains(ip("::1"))).isFalse();
        assertThat(cidr("::/128").contains(ip("::"))).isTrue();
        assertThatThrownBy(() -> cidr("1.2.3.4/0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits");
        assertThatThrownBy(() -> cidr("::1/0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orderingAndEquality() {
        assertThat(Stream.of("10.0.0.0/16", "10.0.0.0/8", "9.0.0.0/8", "::/0", "0.0.0.0/0")
                        .map(Cidr::parse).sorted().map(Cidr::toString).toList())
                .containsExactly("0.0.0.0/0", "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "::/0");
        assertThat(cidr("10.0.0.0/8")).isEqualTo(cidr("10.0.0.0/8"))
                .hasSameHashCodeAs(cidr("10.0.0.0/8"))
                .isNotEqualTo(cidr("10.0.0.0/9"));
        assertThat(cidr("10.0.0.0/8").compareTo(cidr("10.0.0.0/8"))).isZero();
    }
}
