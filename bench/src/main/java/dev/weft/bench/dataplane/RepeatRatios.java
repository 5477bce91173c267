package dev.weft.bench.dataplane;

import dev.weft.bench.report.Stats;

import java.util.List;

/** Ratios of a mode to the underlay measured in the same repeat, so a machine that drifts between repeats does not skew them. */
final class RepeatRatios {
    private RepeatRatios() {
    }

    /**
     * The median over repeats of each repeat's ratio to the underlay of that same repeat, so a
     * machine that drifts between repeats does not skew the ratio.
     */
    public static double medianRatio(List<Sample> mode, List<Sample> underlay, Metric m) {
        return Stats.median(ratios(mode, underlay, m));
    }

    /** Each repeat's ratio of {@code mode} to the underlay of that repeat. */
    public static List<Double> ratios(List<Sample> mode, List<Sample> underlay, Metric m) {
        if (mode.size() != underlay.size()) {
            throw new IllegalArgumentException("mode has " + mode.size() + " repeats, underlay " + underlay.size());
        }
        return java.util.stream.IntStream.range(0, mode.size())
                .mapToObj(i -> Stats.ratio(mode.get(i).get(m), underlay.get(i).get(m))).toList();
    }
}
