package dev.weft.bench.dataplane;

import dev.weft.bench.report.Machine;
import java.util.List;

/** A whole run of the dataplane benchmark: where, how long, how often, and each mode's summary (underlay first). */
public record BenchResult(Machine machine, int seconds, int repeats, List<ModeSummary> modes) {
    public BenchResult {
        modes = List.copyOf(modes);
    }
}
