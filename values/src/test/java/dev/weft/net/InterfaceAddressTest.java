package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceAddressTest {

    @Test
    void parsesAndKeepsHostBits() {
        InterfaceAddress a = InterfaceAddress.parse("10.1.0.5/24");
        assertThat(a.address()).isEqualTo(IpAddress.parse("10.1.0.5"));
        assertThat(a.prefixLength()).isEqualTo(24);
        assertThat(a.isV4()).isTrue();
        assertThat(a).hasToString("10.1.0.5/24");
        assertThat(a.network()).isEqualTo(Cidr.parse("10.1.0.0/24"));
    }

    @Test
    void parsesV6Canonically() {
        InterfaceAddress a = InterfaceAddress.parse("2001:DB8:0:0::5/64");
        assertThat(a.isV4()).isFalse();
        assertThat(a).hasToString("2001:db8::5/64");
        assertThat(a.network()).hasToString("2001:db8::/64");
        assertThat(InterfaceAddress.parse("::1/128")).hasToString("::1/128");
        assertThat(InterfaceAddress.parse("::/0")).hasToString("::/0");
    }

    @Test
    void equality() {
        assertThat(InterfaceAddress.parse("10.0.0.1/8")).isEqualTo(InterfaceAddress.parse("10.0.0.1/8"))
                .hasSameHashCodeAs(InterfaceAddress.parse("10.0.0.1/8"))
                .isNotEqualTo(InterfaceAddress.parse("10.0.0.1/9"))
                .isNotEqualTo(InterfaceAddress.parse("10.0.0.2/8"));
    }

    @Test
    void noPrefix() {
        assertThatThrownBy(() -> InterfaceAddress.parse("10.1.0.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no prefix length")
                .hasMessageContaining("\"10.1.0.5\"");
        assertThatThrownBy(() -> InterfaceAddress.parse("2001:db8::1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no prefix length");
    }

    @Test
    void prefixTooLongForFamily() {
        assertThatThrownBy(() -> InterfaceAddress.parse("10.1.0.5/33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("33")
                .hasMessageContaining("\"10.1.0.5/33\"");
        assertThatThrownBy(() -> InterfaceAddress.parse("2001:db8::1/129"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"2001:db8::1/129\"");
        // a v4-mapped literal is IPv4, so IPv6-sized prefixes do not fit it
        assertThatThrownBy(() -> InterfaceAddress.parse("::ffff:10.1.0.5/120"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(InterfaceAddress.parse("10.1.0.5/32").prefixLength()).isEqualTo(32);
        assertThat(InterfaceAddress.parse("10.1.0.5/0").prefixLength()).isZero();
        assertThat(InterfaceAddress.parse("::ffff:10.1.0.5/24")).hasToString("10.1.0.5/24");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.0.5/", "10.1.0.5/-1", "10.1.0.5/+8", "10.1.0.5/8a", "10.1.0.5/1000",
        "10.1.0.5/24/24", "10.1.0.5 /24", "10.1.0.5/ 24", "/24", "host/24", "010.1.0.5/24"})
    void rejectsJunk(String s) {
        assertThatThrownBy(() -> InterfaceAddress.parse(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> InterfaceAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterfaceAddress(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterfaceAddress(IpAddress.parse("1.2.3.4"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
