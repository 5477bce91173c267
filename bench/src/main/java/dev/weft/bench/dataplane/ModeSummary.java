package dev.weft.bench.dataplane;

import dev.weft.bench.report.Stats;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One mode's result: the MTU of its pods, the median of each metric over the repeats, the
 * median same-repeat ratio to the underlay, the median UDP loss, the raw samples and the TCP
 * ratio of each repeat (how far the repeats disagree).
 */
public record ModeSummary(Mode mode, int mtu, Map<Metric, Double> medians, Map<Metric, Double> ratios,
                          double udpLossPct, List<Sample> samples, List<Double> tcpRatios) {

    public ModeSummary {
        medians = Map.copyOf(medians);
        ratios = Map.copyOf(ratios);
        samples = List.copyOf(samples);
        tcpRatios = List.copyOf(tcpRatios);
    }

    /** Summarises {@code samples} against the underlay's samples of the same repeats. */
    public static ModeSummary of(Mode mode, int mtu, List<Sample> samples, List<Sample> underlay) {
        Map<Metric, Double> medians = new EnumMap<>(Metric.class);
        Map<Metric, Double> ratios = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            medians.put(m, Stats.median(samples.stream().map(s -> s.get(m)).toList()));
            ratios.put(m, RepeatRatios.medianRatio(samples, underlay, m));
        }
        return new ModeSummary(mode, mtu, medians, ratios,
                Stats.median(samples.stream().map(Sample::udpLossPct).toList()), samples,
                RepeatRatios.ratios(samples, underlay, Metric.TCP));
    }

    public double median(Metric m) {
        return medians.get(m);
    }

    public double ratio(Metric m) {
        return ratios.get(m);
    }

    /**
     * Whether the mode meets its throughput goal on {@code m}: empty when it has no goal or the
     * ratio is missing.
     */
    public java.util.Optional<Boolean> meets(Metric m) {
        double r = ratio(m);
        if (mode.goal().isEmpty() || !m.throughput() || !Double.isFinite(r)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(r >= mode.goal().getAsDouble());
    }
}
