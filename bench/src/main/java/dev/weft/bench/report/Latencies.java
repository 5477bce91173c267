package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples in milliseconds, with nearest-rank percentiles. */
public final class Latencies {
    private final List<Double> ms = Collections.synchronizedList(new ArrayList<>());

    public void add(double v) {
        ms.add(v);
    }

    public int count() {
        return ms.size();
    }

    /** Nearest-rank percentile {@code p} in (0, 100]. */
    public double percentile(double p) {
        List<Double> s = new ArrayList<>(ms);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }
}
