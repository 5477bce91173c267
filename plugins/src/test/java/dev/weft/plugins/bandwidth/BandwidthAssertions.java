package dev.weft.plugins.bandwidth;

import dev.weft.sdk.testing.PluginHarness.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/** The one assertion the bandwidth tests repeat: a call that must succeed, failing with its error. */
final class BandwidthAssertions {
    private BandwidthAssertions() {
    }

    static Outcome ok(Outcome o) {
        assertThat(o.exit()).as(String.valueOf(o.out()) + o.err()).isZero();
        return o;
    }
}
