package dev.weft.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Prefix lengths are plain decimals: {@code 10.0.0.0/024} is not {@code /24}. Go's
 * {@code net.ParseCIDR} refuses a leading zero, as weft refuses one in an IPv4 octet.
 */
class PrefixLengthTest {

    /** Used to be accepted as {@code /24}, {@code /0}, {@code /64} (issue #13, item 2). */
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/024", "10.0.0.0/00", "0.0.0.0/00", "10.0.0.0/08", "fd00::/064", "::/000",
        "10.0.0.0/+24", "10.0.0.0/ 24", "10.0.0.0/24 ", "10.0.0.0/", "10.0.0.0/٢٤"})
    void cidrRefusesAPrefixLengthThatIsNotAPlainDecimal(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
        assertThatThrownBy(() -> Cidr.parseMasked(text)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Used to be accepted as {@code 10.0.0.1/24} and {@code 10.0.0.1} (issue #13, item 2). */
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/024", "10.0.0.1/032", "fd00::1/0128"})
    void interfaceAddressesAndRequestedIpsRefuseALeadingZero(String text) {
        assertThatThrownBy(() -> InterfaceAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
        assertThatThrownBy(() -> IpAddress.parseIgnoringPrefix(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/24", "10.0.0.1/32", "::/0", "fd00::/64", "::1/128"})
    void plainDecimalsStillParse(String text) {
        assertThat(InterfaceAddress.parse(text)).hasToString(text);
    }
}
