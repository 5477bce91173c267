package dev.weft.node.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FastPathModeTest {
    @Test
    void theAgentOptionsValuesParseAndAnythingElseIsRefusedNamingTheOption() {
        assertThat(FastPathMode.parse("ebpf")).isEqualTo(FastPathMode.EBPF);
        assertThat(FastPathMode.parse(" NFTables ")).isEqualTo(FastPathMode.NFTABLES);
        assertThat(FastPathMode.parse("off")).isEqualTo(FastPathMode.OFF);
        assertThatThrownBy(() -> FastPathMode.parse("xdp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--fast-path: xdp is not one of ebpf, nftables, off");
    }
}
