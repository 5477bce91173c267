package dev.weft.overlay.udp.datapath;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The counters of a datapath at one moment, summed over its threads. */
public record CounterSnapshot(Map<Counter, Long> values) {
    public CounterSnapshot {
        values = Map.copyOf(values);
    }

    /** The sum over {@code perThread}. */
    public static CounterSnapshot sum(Collection<Counters> perThread) {
        Map<Counter, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.ALL) {
            long v = 0;
            for (Counters t : perThread) {
                v += t.get(c);
            }
            m.put(c, v);
        }
        return new CounterSnapshot(m);
    }

    public long get(Counter c) {
        return values.getOrDefault(c, 0L);
    }

    /** Every drop counter added up. */
    public long drops() {
        long d = 0;
        for (Counter c : Counter.ALL) {
            if (c.key().startsWith("drop_")) {
                d += get(c);
            }
        }
        return d;
    }
}
