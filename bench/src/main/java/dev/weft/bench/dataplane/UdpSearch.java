package dev.weft.bench.dataplane;

/**
 * UDP throughput as RFC 2544 defines it, with a loss tolerance: the highest offered rate whose
 * loss stays within {@link #LOSS_TOLERANCE_PERCENT}. One unlimited probe bounds the search by
 * what the sender can emit; a few 1-second trials bisect below that; one full-length trial at
 * the rate found gives the figure reported (its received rate and loss).
 */
public final class UdpSearch {
    public static final double LOSS_TOLERANCE_PERCENT = 1.0;
    static final int TRIAL_SECONDS = 1;
    static final int BISECTIONS = 4;

    /** One UDP run at an offered rate (0 = unlimited). */
    @FunctionalInterface
    public interface Trial {
        IperfReport run(double offeredBps, int seconds);
    }

    private UdpSearch() {
    }

    /** Searches, then confirms over {@code seconds}; returns the confirming run's report. */
    public static IperfReport measure(Trial trial, int seconds) {
        return trial.run(rate(trial), seconds);
    }

    /** The highest offered rate (bits/s) found to lose at most the tolerance. */
    public static double rate(Trial trial) {
        IperfReport probe = trial.run(0, TRIAL_SECONDS);
        double lo = 0;
        double hi = probe.sentBps();
        // The unlimited probe's received rate is what the path delivered under overload: a good first guess.
        double next = probe.receivedBps() > 0 ? Math.min(probe.receivedBps(), hi) : hi / 2;
        for (int i = 0; i < BISECTIONS && next > 0; i++) {
            if (passes(trial.run(next, TRIAL_SECONDS))) {
                lo = next;
            } else {
                hi = next;
            }
            next = (lo + hi) / 2;
        }
        // Nothing passed: the lowest rate tried, rather than no figure at all.
        return lo > 0 ? lo : next;
    }

    static boolean passes(IperfReport r) {
        return r.lostPercent() <= LOSS_TOLERANCE_PERCENT;
    }
}
