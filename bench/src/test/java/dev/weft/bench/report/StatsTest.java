package dev.weft.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @Test
    void median_oddEvenAndFailedRuns() {
        assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
        assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Stats.median(5, Double.NaN, 1)).isEqualTo(3);
        assertThat(Stats.median(Double.NaN)).isNaN();
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void ratio_missingOrZeroReferenceIsNaN() {
        assertThat(Stats.ratio(9, 10)).isEqualTo(0.9);
        assertThat(Stats.ratio(9, 0)).isNaN();
        assertThat(Stats.ratio(Double.NaN, 10)).isNaN();
    }
}
