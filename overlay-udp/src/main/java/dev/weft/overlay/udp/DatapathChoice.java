package dev.weft.overlay.udp;

import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.overlay.udp.io.FeatureProbe;

import java.util.Optional;

/**
 * Which datapath runs, given what was asked and what the kernel offers: the one asked for when it
 * can run, otherwise the best one that can (offload, then batched, then simple), with the reason
 * spelled out; and how many queues (one when multi-queue TUNs are missing).
 */
public record DatapathChoice(DatapathKind kind, int queues, String fallback) {

    /** The choice for {@code requested} (empty: the best) and {@code queues} (0: automatic). */
    public static DatapathChoice of(Optional<DatapathKind> requested, int queues, FeatureProbe.Report report) {
        if (!report.tun().available()) {
            throw new IllegalStateException("udp overlay: no TUN device: " + report.tun().reason());
        }
        DatapathKind want = requested.orElse(DatapathKind.OFFLOAD);
        DatapathKind kind = want;
        StringBuilder why = new StringBuilder();
        if (kind == DatapathKind.OFFLOAD && !report.offloadMissing().isEmpty()) {
            why.append("offload unavailable: ").append(String.join("; ", report.offloadMissing()));
            kind = DatapathKind.BATCHED;
        }
        if (kind == DatapathKind.BATCHED && !report.batchedMissing().isEmpty()) {
            why.append(why.isEmpty() ? "" : "; ").append("batched unavailable: ").append(String.join("; ", report.batchedMissing()));
            kind = DatapathKind.SIMPLE;
        }
        int q = kind == DatapathKind.SIMPLE ? 1 : queues > 0 ? queues : automaticQueues(Runtime.getRuntime().availableProcessors());
        if (q > 1 && !report.multiQueue().available()) {
            why.append(why.isEmpty() ? "" : "; ").append("one queue: ").append(report.multiQueue());
            q = 1;
        }
        String fallback = requested.isPresent() && kind != want ? "asked for " + want + ", running " + kind + ": " + why
                : why.toString();
        return new DatapathChoice(kind, q, fallback);
    }

    /**
     * One queue (and packet thread) per two CPUs, 1 to 4: the kernel's half of the work (TUN and
     * UDP stacks, softirqs) and the pods need CPUs too. Measured on 2 CPUs, one queue moved 3.7
     * Gbit/s of TCP where two moved 3.2.
     */
    static int automaticQueues(int cpus) {
        return Math.max(1, Math.min(4, cpus / 2));
    }

    /** The features in a line, for logs and the status file. */
    public static String describe(FeatureProbe.Report report) {
        return String.join(", ", report.all().stream().map(Object::toString).toList());
    }
}
