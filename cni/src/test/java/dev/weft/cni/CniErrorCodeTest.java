package dev.weft.cni;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CniErrorCodeTest {

    @Test
    void numbersAreExactlyTheSpecsWellKnownCodes() {
        assertThat(Arrays.stream(CniErrorCode.values()).map(CniErrorCode::code))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 11, 50, 51, 999);
    }

    @Test
    void eachNameHasItsNumber() {
        assertThat(CniErrorCode.INCOMPATIBLE_VERSION.code()).isEqualTo(1);
        assertThat(CniErrorCode.UNSUPPORTED_FIELD.code()).isEqualTo(2);
        assertThat(CniErrorCode.UNKNOWN_CONTAINER.code()).isEqualTo(3);
        assertThat(CniErrorCode.INVALID_ENVIRONMENT.code()).isEqualTo(4);
        assertThat(CniErrorCode.IO_FAILURE.code()).isEqualTo(5);
        assertThat(CniErrorCode.DECODING_FAILURE.code()).isEqualTo(6);
        assertThat(CniErrorCode.INVALID_NETWORK_CONFIG.code()).isEqualTo(7);
        assertThat(CniErrorCode.TRY_AGAIN_LATER.code()).isEqualTo(11);
        assertThat(CniErrorCode.PLUGIN_NOT_AVAILABLE.code()).isEqualTo(50);
        assertThat(CniErrorCode.PLUGIN_NOT_AVAILABLE_LIMITED.code()).isEqualTo(51);
        assertThat(CniErrorCode.INTERNAL.code()).isEqualTo(999);
    }

    @Test
    void lookupByNumber() {
        assertThat(CniErrorCode.of(11)).contains(CniErrorCode.TRY_AGAIN_LATER);
        assertThat(CniErrorCode.of(51)).contains(CniErrorCode.PLUGIN_NOT_AVAILABLE_LIMITED);
        assertThat(CniErrorCode.of(8)).isEmpty();
        assertThat(CniErrorCode.of(100)).isEmpty();
        assertThat(new CniException(CniErrorCode.DECODING_FAILURE, "x").wellKnown()).contains(CniErrorCode.DECODING_FAILURE);
    }
}
