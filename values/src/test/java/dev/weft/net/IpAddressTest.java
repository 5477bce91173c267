package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    // ---- IPv4 ----

    @Test
    void parsesV4() {
        IpAddress a = ip("192.168.0.255");
        assertThat(a.isV4()).isTrue();
        assertThat(a.isV6()).isFalse();
        assertThat(a.bitLength()).isEqualTo(32);
        assertThat(a.bytes()).containsExactly(bytes(192, 168, 0, 255));
        assertThat(a).hasToString("192.168.0.255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.0.0.1", "1.2.3.4", "199.200.249.250"})
    void v4RoundTrips(String s) {
        assertThat(ip(s)).hasToString(s);
    }

    @Test
    void bytesIsADefensiveCopy() {
        IpAddress a = ip("10.0.0.1");
        a.bytes()[0] = 99;
        assertThat(a).hasToString("10.0.0.1");
        byte[] raw = bytes(10, 0, 0, 1);
        IpAddress b = IpAddress.of(raw);
        raw[0] = 99;
        assertThat(b).hasToString("10.0.0.1");
    }

    // ---- IPv6 canonical formatting (RFC 5952) ----

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // longest zero run compressed
        "2001:db8:0:0:0:0:2:1,      2001:db8::2:1",
        "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
        // single zero group is not compressed (4.2.2)
        "2001:db8:0:1:1:1:1:1,      2001:db8:0:1:1:1:1:1",
        "2001:db8::1:1:1:1:1,       2001:db8:0:1:1:1:1:1",
        // longest run wins over an earlier shorter one (4.2.3)
        "2001:0:0:1:0:0:0:1,        2001:0:0:1::1",
        // leftmost run on ties (4.2.3)
        "2001:db8:0:0:1:0:0:1,      2001:db8::1:0:0:1",
        "1:0:0:2:0:0:3:4,           1::2:0:0:3:4",
        // lower case, leading zeros dropped (4.1, 4.3)
        "2001:DB8:ABCD:EF01:0a:00b:0C0:D,  2001:db8:abcd:ef01:a:b:c0:d",
        "FE80::1,                   fe80::1",
        // runs at the edges
        "0:0:0:0:0:0:0:0,           ::",
        "::,                        ::",
        "0:0:0:0:0:0:0:1,           ::1",
        "1:0:0:0:0:0:0:0,           1::",
        "0:0:1:0:0:0:0:0,           0:0:1::",
        "0:1:2:3:4:5:6:0,           0:1:2:3:4:5:6:0",
        "1:2:3:4:5:6:7:8,           1:2:3:4:5:6:7:8",
        "0:0:0:0:0:0:0:ffff,        ::ffff",
        // embedded-v4 input that is not v4-mapped stays IPv6 and is printed in hex
        "64:ff9b::192.0.2.33,       64:ff9b::c000:221",
        "::1.2.3.4,                 ::102:304",
        "1:2:3:4:5:6:10.0.0.1,      1:2:3:4:5:6:a00:1",
    })
    void v6Canonical(String input, String expected) {
        IpAddress a = ip(input);
        assertThat(a.isV6()).isTrue();
        assertThat(a.bitLength()).isEqualTo(128);
        assertThat(a).hasToString(expected);
        assertThat(ip(expected)).isEqualTo(a);
    }

    @Test
    void v6Bytes() {
        assertThat(ip("2001:db8::ff:1").bytes())
                .containsExactly(bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 1));
    }

    // ---- v4-mapped ----

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:102:304", "0:0:0:0:0:ffff:0102:0304"})
    void v4MappedBecomesV4(String s) {
        IpAddress a = ip(s);
        assertThat(a.isV4()).isTrue();
        assertThat(a.bitLength()).isEqualTo(32);
        assertThat(a).isEqualTo(ip("1.2.3.4")).hasToString("1.2.3.4");
        assertThat(a.hashCode()).isEqualTo(ip("1.2.3.4").hashCode());
    }

    @Test
    void ofSixteenMappedBytesBecomesV4() {
        IpAddress a = IpAddress.of(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1));
        assertThat(a.isV4()).isTrue();
        assertThat(a).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void nearlyMappedStaysV6() {
        assertThat(ip("::fffe:1.2.3.4").isV6()).isTrue();
        assertThat(ip("::1:ffff:1.2.3.4").isV6()).isTrue();
        assertThat(ip("::1:ffff:1.2.3.4")).hasToString("::1:ffff:102:304");
    }

    @Test
    void ofRejectsOtherLengths() {
        assertThatThrownBy(() -> IpAddress.of(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 5");
        assertThatThrownBy(() -> IpAddress.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- junk ----

    @ParameterizedTest
    @ValueSource(strings = {
        // IPv4 junk
        "01.2.3.4", "1.02.3.4", "1.2.3.00", "256.1.1.1", "1.1.1.256", "300.0.0.0", "1.2.3", "1.2.3.4.5",
        "1.2.3.", ".1.2.3", "1..2.3", "0x7f.0.0.1", "0177.0.0.1", "127.1", "2130706433", "-1.2.3.4",
        " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "\u0661.2.3.4", "1.2.3.4/24",
        // IPv6 junk
        ":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1", "00000::1", "000001::1",
        "1:2:3:4:5:6:7:00008", "::g", "::1 ", "1.2.3.4::", "::1.2.3.4:1", "::ffff:1.2.3", "::ffff:256.1.1.1",
        "::ffff:01.2.3.4", "::ffff:1.2.3.04", "::ffff:001.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
        // zones and brackets
        "fe80::1%eth0", "fe80::1%1", "[::1]", "[::1]:80", "[2001:db8::1]",
        // hostnames: must be rejected as literals, never resolved
        "localhost", "example.com", "ip6-localhost", "host:80", "a", "x.invalid",
    })
    void rejectsJunk(String s) {
        assertThatThrownBy(() -> IpAddress.parse(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid IP address")
                .hasMessageContaining(s);
    }

    @Test
    void rejectsNullAndEmpty() {
        assertThatThrownBy(() -> IpAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverResolvesNames() {
        // A name that the resolver would answer instantly if it were consulted; a literal parser must refuse.
        long start = System.nanoTime();
        for (String name : List.of("localhost", "dns-must-not-be-used.invalid", "a.b.c.d", "a:b:c:d:e:f:g:h")) {
            assertThatThrownBy(() -> IpAddress.parse(name)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    // ---- ordering and equality ----

    @Test
    void compareToOrdersV4BeforeV6AndUnsignedBytes() {
        List<IpAddress> sorted = Stream.of("::1", "10.0.0.2", "255.0.0.0", "9.255.255.255", "10.0.0.10",
                        "ff02::1", "2001:db8::", "::", "0.0.0.0", "128.0.0.1")
                .map(IpAddress::parse).sorted().toList();
        assertThat(sorted).extracting(IpAddress::toString).containsExactly(
                "0.0.0.0", "9.255.255.255", "10.0.0.2", "10.0.0.10", "128.0.0.1", "255.0.0.0",
                "::", "::1", "2001:db8::", "ff02::1");
    }

    @Test
    void compareToIsConsistentWithEquals() {
        assertThat(ip("10.0.0.1").compareTo(ip("10.0.0.1"))).isZero();
        assertThat(ip("10.0.0.1").compareTo(ip("10.0.0.2"))).isNegative();
        assertThat(ip("10.0.0.2").compareTo(ip("10.0.0.1"))).isPositive();
        assertThat(ip("255.255.255.255").compareTo(ip("::"))).isNegative();
        assertThat(ip("::").compareTo(ip("255.255.255.255"))).isPositive();
        assertThat(ip("::1").compareTo(ip("0:0::1"))).isZero();
    }

    @Test
    void equalsAndHashCode() {
        IpAddress a = ip("2001:db8::1");
        IpAddress b = ip("2001:0DB8:0:0:0:0:0:0001");
        assertThat(a).isEqualTo(b).isNotSameAs(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(ip("2001:db8::2"));
        assertThat(ip("0.0.0.0")).isNotEqualTo(ip("::"));
        assertThat(ip("0.0.0.1")).isNotEqualTo(ip("::1"));
        assertThat(a).isNotEqualTo("2001:db8::1");
        assertThat(a).isNotEqualTo(null);
    }

    @Test
    void isUnspecified() {
        assertThat(ip("0.0.0.0").isUnspecified()).isTrue();
        assertThat(ip("::").isUnspecified()).isTrue();
        assertThat(ip("::1").isUnspecified()).isFalse();
        assertThat(ip("0.0.0.1").isUnspecified()).isFalse();
    }

    // ---- arithmetic ----

    @Test
    void plus() {
        assertThat(ip("10.0.0.255").plus(1)).isEqualTo(ip("10.0.1.0"));
        assertThat(ip("10.0.1.0").plus(-1)).isEqualTo(ip("10.0.0.255"));
        assertThat(ip("10.0.0.1").plus(0)).isEqualTo(ip("10.0.0.1"));
        assertThat(ip("0.0.0.0").plus(0xffffffffL)).isEqualTo(ip("255.255.255.255"));
        assertThat(ip("2001:db8::ffff").plus(1)).isEqualTo(ip("2001:db8::1:0"));
        assertThat(ip("2001:db8::1:0").plus(-1)).hasToString("2001:db8::ffff");
        assertThat(ip("::ffff:ffff:ffff:ffff").plus(1)).hasToString("0:0:0:1::");
        assertThat(ip("10.0.0.1").plus(5).isV4()).isTrue();
        assertThat(ip("::1").plus(5).isV6()).isTrue();
    }

    @Test
    void plusRefusesToWrap() {
        assertThatThrownBy(() -> ip("255.255.255.255").plus(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range for IPv4");
        assertThatThrownBy(() -> ip("0.0.0.0").plus(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").plus(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range for IPv6");
        assertThatThrownBy(() -> ip("::").plus(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bigIntegerRoundTrip() {
        assertThat(ip("1.2.3.4").toBigInteger()).isEqualTo(BigInteger.valueOf(0x01020304L));
        assertThat(ip("255.255.255.255").toBigInteger()).isEqualTo(BigInteger.valueOf(0xffffffffL));
        assertThat(IpAddress.ofBigInteger(BigInteger.valueOf(0xffffffffL), false)).isEqualTo(ip("255.255.255.255"));
        assertThat(IpAddress.ofBigInteger(BigInteger.ONE, true)).isEqualTo(ip("::1"));
        assertThat(IpAddress.ofBigInteger(BigInteger.ONE, false)).isEqualTo(ip("0.0.0.1"));
        assertThat(IpAddress.ofBigInteger(BigInteger.ONE.shiftLeft(127), true)).isEqualTo(ip("8000::"));
        assertThatThrownBy(() -> IpAddress.ofBigInteger(BigInteger.ONE.shiftLeft(32), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toInetAddress() throws Exception {
        assertThat(ip("10.1.2.3").toInetAddress()).isEqualTo(InetAddress.getByAddress(bytes(10, 1, 2, 3)));
        assertThat(IpAddress.isV4(ip("10.1.2.3").toInetAddress())).isTrue();
        assertThat(IpAddress.isV6(ip("fe80::1").toInetAddress())).isTrue();
        assertThat(IpAddress.fromInet(InetAddress.ofLiteral("2001:db8::7"))).isEqualTo(ip("2001:db8::7"));
    }

    // ---- generated round trip against the JDK ----

    /**
     * Random 16-byte addresses. Uniform bytes almost never contain zero groups, so half the cases
     * draw each group as zero with probability 1/2 and some are v4-mapped, to exercise compression.
     */
    static Stream<Arguments> random16() {
        Random r = new Random(0x5eed_f00dL);
        List<Arguments> out = new ArrayList<>();
        IntStream.range(0, 3000).forEach(n -> {
            byte[] b = new byte[16];
            r.nextBytes(b);
            if (n % 2 == 1) {
                for (int g = 0; g < 8; g++) {
                    if (r.nextBoolean()) {
                        b[2 * g] = 0;
                        b[2 * g + 1] = 0;
                    }
                }
            }
            if (n % 50 == 7) {
                java.util.Arrays.fill(b, 0, 10, (byte) 0);
                b[10] = (byte) 0xff;
                b[11] = (byte) 0xff;
            }
            out.add(Arguments.of(b));
        });
        return out.stream();
    }

    @Test
    void generatedFormatParseRoundTripAgreesWithJdk() throws Exception {
        List<byte[]> cases = random16().map(a -> (byte[]) a.get()[0]).toList();
        int mapped = 0;
        for (byte[] raw : cases) {
            String hex = java.util.HexFormat.of().formatHex(raw);
            IpAddress a = IpAddress.of(raw);
            String text = a.toString();
            IpAddress back = IpAddress.parse(text);
            InetAddress jdk = InetAddress.getByAddress(raw);

            assertThat(back).as("round trip of %s via %s", hex, text).isEqualTo(a);
            assertThat(back.toString()).as("stable text for %s", hex).isEqualTo(text);
            assertThat(back.bytes()).as("bytes vs JDK for %s", hex).isEqualTo(jdk.getAddress());
            assertThat(InetAddress.ofLiteral(text).getAddress()).as("JDK parse of %s", text)
                    .isEqualTo(jdk.getAddress());
            if (a.isV4()) {
                mapped++;
                assertThat(text).isEqualTo(jdk.getHostAddress());
            } else {
                assertThat(text).as("RFC 5952 for %s", hex).isEqualTo(rfc5952(raw));
            }
        }
        assertThat(mapped).isGreaterThanOrEqualTo(60);
    }

    /** Independent oracle: compress the leftmost longest run of 2+ zero groups in the full form. */
    private static String rfc5952(byte[] raw) {
        String[] g = new String[8];
        for (int i = 0; i < 8; i++) {
            g[i] = Integer.toHexString(((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff));
        }
        String full = ":" + String.join(":", g) + ":";
        for (int len = 8; len >= 2; len--) {
            String run = ":0".repeat(len) + ":";
            int at = full.indexOf(run);
            if (at >= 0) {
                String s = full.substring(0, at) + "::" + full.substring(at + run.length());
                s = s.startsWith(":::") ? s.substring(1) : s.startsWith("::") ? s : s.substring(1);
                s = s.endsWith(":::") ? s.substring(0, s.length() - 1) : s.endsWith("::") ? s : s.substring(0, s.length() - 1);
                return s;
            }
        }
        return full.substring(1, full.length() - 1);
    }
}
