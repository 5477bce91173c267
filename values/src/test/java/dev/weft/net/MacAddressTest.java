package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    private static final byte[] EXPECTED = {0x02, 0x42, (byte) 0xac, 0x11, 0x00, (byte) 0xff};

    @ParameterizedTest
    @ValueSource(strings = {"02:42:ac:11:00:ff", "02-42-ac-11-00-ff", "02:42:AC:11:00:FF", "02-42-Ac-11-00-fF"})
    void parsesColonAndDashForms(String s) {
        MacAddress m = MacAddress.parse(s);
        assertThat(m.bytes()).containsExactly(EXPECTED);
        assertThat(m).hasToString("02:42:ac:11:00:ff");
        assertThat(m).isEqualTo(MacAddress.of(EXPECTED)).hasSameHashCodeAs(MacAddress.of(EXPECTED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:42:ac-11:00:ff", "02-42-ac-11-00:ff", "02:42:ac:11:00", "02:42:ac:11:00:ff:01",
        "0242ac1100ff", "02.42.ac.11.00.ff", "0242.ac11.00ff", "2:42:ac:11:0:ff", "02:42:ac:11:00:fg",
        "02:42:ac:11:00:ff ", " 02:42:ac:11:00:ff", "02::42:ac:11:00:ff", "", "02:42:ac:11:00:f\u0661"})
    void rejectsJunkAndMixedSeparators(String s) {
        assertThatThrownBy(() -> MacAddress.parse(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid MAC address")
                .hasMessageContaining("\"" + s + "\"");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> MacAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofValidatesLengthAndCopies() {
        assertThatThrownBy(() -> MacAddress.of(new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 5");
        assertThatThrownBy(() -> MacAddress.of(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        byte[] raw = EXPECTED.clone();
        MacAddress m = MacAddress.of(raw);
        raw[0] = 0x7f;
        m.bytes()[1] = 0x7f;
        assertThat(m).hasToString("02:42:ac:11:00:ff");
    }

    @Test
    void toStringIsLowerCaseColonPadded() {
        assertThat(MacAddress.of(new byte[] {0, 1, 0x0a, (byte) 0xab, (byte) 0xcd, (byte) 0xef}))
                .hasToString("00:01:0a:ab:cd:ef");
    }

    @Test
    void flags() {
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThat(MacAddress.parse("ff:ff:ff:ff:ff:ff").isMulticast()).isTrue();
        assertThat(MacAddress.parse("02:42:ac:11:00:02").isMulticast()).isFalse();
        assertThat(MacAddress.parse("00:00:00:00:00:00").isZero()).isTrue();
        assertThat(MacAddress.parse("00:00:00:00:00:01").isZero()).isFalse();
        assertThat(MacAddress.parse("02:42:ac:11:00:02")).isNotEqualTo(MacAddress.parse("02:42:ac:11:00:03"))
                .isNotEqualTo("02:42:ac:11:00:02");
    }

    @RepeatedTest(20)
    void randomLocalIsUnicastAndLocallyAdministered() {
        MacAddress m = MacAddress.randomLocal();
        byte first = m.bytes()[0];
        assertThat(first & 0x01).as("I/G bit").isZero();
        assertThat(first & 0x02).as("U/L bit").isEqualTo(0x02);
        assertThat(m.isMulticast()).isFalse();
        assertThat(m.isZero()).isFalse();
        assertThat(MacAddress.parse(m.toString())).isEqualTo(m);
        assertThat(m.toString()).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    }

    @Test
    void randomLocalVaries() {
        Set<MacAddress> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            MacAddress m = MacAddress.randomLocal();
            assertThat(m.bytes()[0] & 0x03).isEqualTo(0x02);
            seen.add(m);
        }
        assertThat(seen).hasSizeGreaterThan(190);
    }
}
