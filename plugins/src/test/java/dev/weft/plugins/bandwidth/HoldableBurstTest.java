package dev.weft.plugins.bandwidth;

import dev.weft.netlink.tc.Psched;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket TBF can hold: containerd's burst of 2^32-1 bits at a low rate is cut to fit 32 bits of ticks. */
class HoldableBurstTest {
    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final long CONTAINERD_BURST_BYTES = U32_MAX / 8;

    @Test
    void containerdsUnsetBurstAtTenMegabitsIsCutToTheLongestBucketTheTickCountHolds() {
        long rate = 10_000_000 / 8;
        long burst = BandwidthPlugin.holdableBurst(rate, CONTAINERD_BURST_BYTES, Psched.LINUX);
        assertThat(burst).isLessThan(CONTAINERD_BURST_BYTES);
        assertThat(Psched.LINUX.xmitTime(rate, burst)).isLessThan(U32_MAX);
        assertThat(Psched.LINUX.xmitTime(rate, burst + burst / 1000)).as("and not much shorter").isEqualTo(U32_MAX);
    }

    @Test
    void aBucketThatFitsIsKept() {
        assertThat(BandwidthPlugin.holdableBurst(10_000_000 / 8, 1_000_000, Psched.LINUX)).isEqualTo(1_000_000);
        assertThat(BandwidthPlugin.holdableBurst(10_000_000_000L / 8, CONTAINERD_BURST_BYTES, Psched.LINUX))
                .as("10 Gbit/s empties containerd's bucket in 0.4 s").isEqualTo(CONTAINERD_BURST_BYTES);
    }

    @Test
    void theClampedBucketMakesAValidTbf() {
        var d = new BandwidthConfig.Direction(10_000_000, U32_MAX, "runtimeConfig.bandwidth.ingressRate",
                "runtimeConfig.bandwidth.ingressBurst");
        assertThat(BandwidthPlugin.tbf(d).burstBytes()).isLessThan(CONTAINERD_BURST_BYTES);
    }
}
