package dev.weft.bench.dataplane;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RepeatRatiosTest {
    private static Sample tcp(double gbps, double p50) {
        return new Sample(gbps, gbps, gbps, 0, p50, p50 * 3);
    }

    /**
     * The machine halves its speed in the second repeat: ratios against the same repeat stay 0.8,
     * where the ratio of medians would not.
     */
    @Test
    void medianRatio_comparesEachRepeatWithItsOwnUnderlay() {
        List<Sample> underlay = List.of(tcp(10, 30), tcp(5, 60), tcp(10, 30));
        List<Sample> mode = List.of(tcp(8, 45), tcp(4, 90), tcp(8, 45));
        assertThat(RepeatRatios.medianRatio(mode, underlay, Metric.TCP)).isCloseTo(0.8, within(1e-9));
        assertThat(RepeatRatios.medianRatio(mode, underlay, Metric.RR_P50)).isCloseTo(1.5, within(1e-9));
        assertThat(RepeatRatios.medianRatio(List.of(tcp(8, 1), tcp(1, 1)), List.of(tcp(10, 1), tcp(Double.NaN, 1)), Metric.TCP))
                .isCloseTo(0.8, within(1e-9));
        assertThatThrownBy(() -> RepeatRatios.medianRatio(mode, underlay.subList(0, 2), Metric.TCP)).hasMessageContaining("repeats");
    }

    @Test
    void summary_mediansRatiosAndGoals() {
        List<Sample> underlay = List.of(tcp(10, 30), tcp(12, 30), tcp(11, 30));
        ModeSummary vx = ModeSummary.of(Mode.VXLAN, 1450, List.of(tcp(7, 40), tcp(9.6, 40), tcp(8.8, 40)), underlay);
        assertThat(vx.median(Metric.TCP)).isEqualTo(8.8);
        assertThat(vx.ratio(Metric.TCP)).isCloseTo(0.8, within(1e-9));
        assertThat(vx.meets(Metric.TCP)).contains(true);
        assertThat(vx.meets(Metric.RR_P50)).isEmpty();
        ModeSummary mv = ModeSummary.of(Mode.MACVLAN, 1500, List.of(tcp(8.8, 40), tcp(9.6, 40), tcp(8.8, 40)), underlay);
        assertThat(mv.meets(Metric.TCP)).contains(false);
        assertThat(ModeSummary.of(Mode.UNDERLAY, 1500, underlay, underlay).meets(Metric.TCP)).isEmpty();
    }
}
