package dev.weft.cni;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CniVersionTest {

    @Test
    void knownVersionsInOrder() {
        assertThat(CniVersion.values()).extracting(CniVersion::text)
                .containsExactly("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
        assertThat(CniVersion.supportedTexts()).containsExactly("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
        assertThat(CniVersion.CURRENT).isEqualTo(CniVersion.V1_1_0);
    }

    @Test
    void featureGates() {
        assertThat(CniVersion.V0_2_0.hasRichResult()).isFalse();
        assertThat(CniVersion.V0_3_0.hasRichResult()).isTrue();
        assertThat(CniVersion.V0_3_1.supportsCheck()).isFalse();
        assertThat(CniVersion.V0_4_0.supportsCheck()).isTrue();
        assertThat(CniVersion.V1_0_0.supportsGcAndStatus()).isFalse();
        assertThat(CniVersion.V1_1_0.supportsGcAndStatus()).isTrue();
    }

    @Test
    void unknownVersionIsCode1() {
        assertThat(CniVersion.find("1.0")).isEmpty();
        assertThatThrownBy(() -> CniVersion.parse("9.9.9"))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("9.9.9");
    }
}
