package dev.weft.bench.report;

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
}
