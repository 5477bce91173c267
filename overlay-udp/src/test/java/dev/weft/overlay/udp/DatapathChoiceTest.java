package dev.weft.overlay.udp;

import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.overlay.udp.io.FeatureProbe;
import dev.weft.overlay.udp.io.FeatureProbe.Feature;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatapathChoiceTest {
    private static Feature yes(String n) {
        return new Feature(n, true, null);
    }

    private static Feature no(String n, String why) {
        return new Feature(n, false, why);
    }

    private static final FeatureProbe.Report ALL = new FeatureProbe.Report(yes("tun"), yes("multi-queue"), yes("vnet-hdr"),
            yes("tun-offload"), yes("udp-gso"), yes("udp-gro"), yes("mmsg"));
    private static final FeatureProbe.Report NO_GRO = new FeatureProbe.Report(yes("tun"), yes("multi-queue"), yes("vnet-hdr"),
            yes("tun-offload"), yes("udp-gso"), no("udp-gro", "the kernel lacks it (Linux 5.0+)"), yes("mmsg"));
    private static final FeatureProbe.Report OLD = new FeatureProbe.Report(yes("tun"), no("multi-queue", "x"), yes("vnet-hdr"),
            no("tun-offload", "refused"), no("udp-gso", "old"), no("udp-gro", "old"), no("mmsg", "libc has no sendmmsg/recvmmsg"));

    @Test
    void theBestIsTheDefault() {
        DatapathChoice c = DatapathChoice.of(Optional.empty(), 2, ALL);
        assertThat(c).isEqualTo(new DatapathChoice(DatapathKind.OFFLOAD, 2, ""));
    }

    @Test
    void offloadFallsBackToBatchedSayingWhy() {
        DatapathChoice c = DatapathChoice.of(Optional.of(DatapathKind.OFFLOAD), 2, NO_GRO);
        assertThat(c.kind()).isEqualTo(DatapathKind.BATCHED);
        assertThat(c.fallback()).isEqualTo("asked for offload, running batched: offload unavailable: udp-gro: no (the kernel lacks it (Linux 5.0+))");
        assertThat(DatapathChoice.of(Optional.empty(), 2, NO_GRO).fallback()).startsWith("offload unavailable");
    }

    @Test
    void anOldKernelGetsSimpleOnOneQueue() {
        DatapathChoice c = DatapathChoice.of(Optional.empty(), 4, OLD);
        assertThat(c.kind()).isEqualTo(DatapathKind.SIMPLE);
        assertThat(c.queues()).isEqualTo(1);
        assertThat(c.fallback()).contains("batched unavailable: mmsg: no (libc has no sendmmsg/recvmmsg)");
    }

    @Test
    void automaticQueuesLeaveHalfTheCpus() {
        assertThat(DatapathChoice.automaticQueues(1)).isEqualTo(1);
        assertThat(DatapathChoice.automaticQueues(2)).isEqualTo(1);
        assertThat(DatapathChoice.automaticQueues(6)).isEqualTo(3);
        assertThat(DatapathChoice.automaticQueues(64)).isEqualTo(4);
    }

    @Test
    void simpleIsAlwaysOneQueueAndNoTunIsAnError() {
        assertThat(DatapathChoice.of(Optional.of(DatapathKind.SIMPLE), 0, ALL)).isEqualTo(new DatapathChoice(DatapathKind.SIMPLE, 1, ""));
        FeatureProbe.Report none = new FeatureProbe.Report(no("tun", "no /dev/net/tun (is the tun module loaded?)"), no("multi-queue", "-"),
                no("vnet-hdr", "-"), no("tun-offload", "-"), yes("udp-gso"), yes("udp-gro"), yes("mmsg"));
        assertThatThrownBy(() -> DatapathChoice.of(Optional.empty(), 0, none)).hasMessageContaining("no /dev/net/tun");
    }
}
