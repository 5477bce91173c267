package dev.weft.bench.report;

import dev.weft.bench.dataplane.Metric;
import dev.weft.bench.dataplane.Sample;
import java.util.Arrays;
import java.util.List;

/** Medians and same-repeat ratios, ignoring the {@code NaN} of failed runs. */
public final class Stats {
    private Stats() {
    }

    /** The median of the finite values (the mean of the middle two for an even count); NaN if none. */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    public static double median(double... values) {
        return median(Arrays.stream(values).boxed().toList());
    }

    /** {@code value / reference}; NaN when either is missing or the reference is zero. */
    public static double ratio(double value, double reference) {
        return Double.isFinite(value) && Double.isFinite(reference) && reference != 0 ? value / reference : Double.NaN;
    }

    /**
     * The median over repeats of each repeat's ratio to the underlay of that same repeat, so a
     * machine that drifts between repeats does not skew the ratio.
     */
    public static double medianRatio(List<Sample> mode, List<Sample> underlay, Metric m) {
        return median(ratios(mode, underlay, m));
    }

    /** Each repeat's ratio of {@code mode} to the underlay of that repeat. */
    public static List<Double> ratios(List<Sample> mode, List<Sample> underlay, Metric m) {
        if (mode.size() != underlay.size()) {
            throw new IllegalArgumentException("mode has " + mode.size() + " repeats, underlay " + underlay.size());
        }
        return java.util.stream.IntStream.range(0, mode.size())
                .mapToObj(i -> ratio(mode.get(i).get(m), underlay.get(i).get(m))).toList();
    }
}
