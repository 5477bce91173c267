package dev.weft.bench.dataplane;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UdpSearchTest {

    /** A path that carries {@code capacity} bits/s losslessly and drops the excess; the sender tops out at {@code max}. */
    private record Path(double capacity, double max, List<double[]> trials) implements UdpSearch.Trial {
        Path(double capacity, double max) {
            this(capacity, max, new ArrayList<>());
        }

        @Override
        public IperfReport run(double offered, int seconds) {
            trials.add(new double[] {offered, seconds});
            double sent = offered == 0 ? max : Math.min(offered, max);
            // Overload also costs the receiver: under an unlimited sender it delivers less than its capacity.
            double received = offered == 0 ? capacity * 0.7 : Math.min(sent, capacity);
            return new IperfReport(received, sent, 100 * (sent - received) / sent);
        }
    }

    @Test
    void findsARateWithinTheToleranceBelowCapacity_withShortTrials() {
        Path p = new Path(800e6, 1200e6);
        IperfReport r = UdpSearch.measure(p, 5);
        assertThat(r.lostPercent()).isLessThanOrEqualTo(UdpSearch.LOSS_TOLERANCE_PERCENT);
        // The probe delivers 560M: that passes, then 880M fails, 720M and 800M pass.
        assertThat(r.receivedBps()).isBetween(700e6, 800e6);
        assertThat(p.trials()).hasSize(1 + UdpSearch.BISECTIONS + 1);
        assertThat(p.trials().getFirst()[0]).isZero();
        assertThat(p.trials().subList(0, p.trials().size() - 1)).allMatch(t -> t[1] == UdpSearch.TRIAL_SECONDS);
        assertThat(p.trials().getLast()[1]).isEqualTo(5);
    }

    @Test
    void aPathThatDropsEverythingStillGivesAFigure() {
        Path p = new Path(0, 1e9);
        IperfReport r = UdpSearch.measure(p, 2);
        assertThat(p.trials().getLast()[0]).isPositive();
        assertThat(r.receivedBps()).isZero();
    }
}
