package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "a", "veth1234567890a", "br-0123456789ab", "wg.0", "...", ".a", "a..",
        "eth0.100", "x-y_z@1"})
    void accepts(String s) {
        InterfaceName n = InterfaceName.of(s);
        assertThat(n.value()).isEqualTo(s);
        assertThat(n).hasToString(s).isEqualTo(new InterfaceName(s));
    }

    @Test
    void fifteenBytesOkSixteenRejected() {
        assertThat(InterfaceName.MAX_LENGTH).isEqualTo(15);
        assertThat(InterfaceName.of("a".repeat(15)).value()).hasSize(15);
        assertThatThrownBy(() -> InterfaceName.of("a".repeat(16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a".repeat(16))
                .hasMessageContaining("15");
    }

    @Test
    void lengthIsCountedInUtf8Bytes() {
        // 8 chars, 16 bytes: too long for IFNAMSIZ although only 8 characters
        assertThatThrownBy(() -> InterfaceName.of("\u00e9".repeat(8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than");
        assertThat(InterfaceName.of("\u00e9".repeat(7) + "x").value()).hasSize(8); // 15 bytes
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a/b", "/", "a:b", "eth0:1", "a b", " eth0", "eth0 ", "a\tb", "a\nb", "a\u0000b"})
    void rejectsInvalid(String s) {
        assertThatThrownBy(() -> InterfaceName.of(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interface name \"" + s + "\"");
    }

    @Test
    void rejectsEmptyAndNull() {
        assertThatThrownBy(() -> InterfaceName.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> InterfaceName.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
