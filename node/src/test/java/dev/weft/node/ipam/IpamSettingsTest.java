package dev.weft.node.ipam;

import dev.weft.ipam.cluster.LaneSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's {@code --ipam-reserve}: how many addresses a node keeps reserved per pool. */
class IpamSettingsTest {

    private static IpamSettings reserving(int n) {
        return new IpamSettings(Optional.empty(), IpamSettings.Mode.AUTO, Duration.ofMinutes(1), Duration.ofMinutes(10),
                Path.of("/var/lib/cni/weft-ipam"), n);
    }

    @Test
    void defaultsKeepEightRefilledBelowFour() {
        LaneSettings lanes = IpamSettings.defaults(Optional.empty()).lanes().orElseThrow();
        assertThat(lanes.target()).isEqualTo(8);
        assertThat(lanes.lowWater()).isEqualTo(4);
        assertThat(lanes).isEqualTo(LaneSettings.defaults());
    }

    @Test
    void aLargerTargetRefillsBelowHalfAndKeepsTheOtherSettings() {
        LaneSettings lanes = reserving(64).lanes().orElseThrow();
        assertThat(lanes.target()).isEqualTo(64);
        assertThat(lanes.lowWater()).isEqualTo(32);
        assertThat(lanes.writeBackBatch()).isEqualTo(LaneSettings.defaults().writeBackBatch());
        assertThat(lanes.background()).isTrue();
        assertThat(reserving(1).lanes().orElseThrow().lowWater()).isZero();
    }

    @Test
    void zeroTurnsReservationsOff() {
        assertThat(reserving(0).lanes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 257})
    void outOfRangeIsRefusedNamingTheFlag(int n) {
        assertThatThrownBy(() -> reserving(n)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--ipam-reserve").hasMessageContaining(Integer.toString(n));
    }
}
