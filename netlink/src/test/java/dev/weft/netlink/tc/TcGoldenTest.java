package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft's tc requests against the bytes iproute2 6.1's {@code tc} sent for the same command, and
 * weft's decoder against the kernel's (6.18) answers to {@code tc … show}; see capture.sh.
 * Device indexes in the capture: v1 2, v0 3, ifb0 4.
 */
class TcGoldenTest {
    private static final Psched LINUX = Psched.LINUX;
    private static final int V0 = 3;
    private static final int V1 = 2;
    private static final int IFB0 = 4;

    private static Tbf tbf8mbit() {
        return new Tbf(Rate.bitsPerSecond(8_000_000), 32 * 1024, 100_000);
    }

    @Test
    void tbfAddIsWhatTcSends() {
        // tc qdisc add dev v0 root handle 1: tbf rate 8mbit burst 32kb limit 100000
        Golden.assertSameAsTc(QdiscCodec.add(Qdisc.rootTbf(V0, tbf8mbit()), LINUX, false), "tbf-add", Tca.TCMSG);
    }

    @Test
    void tbfReplaceIsTcQdiscReplace() {
        Golden.assertSameAsTc(QdiscCodec.add(Qdisc.rootTbf(V0, tbf8mbit()), LINUX, true), "tbf-replace", Tca.TCMSG);
    }

    @Test
    void tbfWithLatencyComputesTcsLimit() {
        // tc qdisc add dev v0 root tbf rate 10mbit burst 10kb latency 25ms: limit 1250000 × 0.025 + 10240
        Tbf t = Tbf.withLatency(Rate.bitsPerSecond(10_000_000), 10 * 1024, Duration.ofMillis(25));
        assertThat(t.limitBytes()).isEqualTo(41_490);
        Qdisc q = new Qdisc(V0, TcHandle.NONE, TcHandle.ROOT, t);
        Golden.assertSameAsTc(QdiscCodec.add(q, LINUX, false), "tbf-latency-add", Tca.TCMSG);
    }

    @Test
    void tbfAbove32BitsOfBytesPerSecondSendsRate64() {
        // tc qdisc add dev v0 root handle 1: tbf rate 40gbit burst 1mb limit 10mb
        Tbf t = new Tbf(Rate.bitsPerSecond(40_000_000_000L), 1 << 20, 10 << 20);
        Golden.assertSameAsTc(QdiscCodec.add(Qdisc.rootTbf(V0, t), LINUX, false), "tbf-rate64-add", Tca.TCMSG);
    }

    @Test
    void ingressAndClsactAddAndDeleteAreWhatTcSends() {
        Golden.assertSameAsTc(QdiscCodec.add(Qdisc.ingress(V0), LINUX, false), "ingress-add", Tca.TCMSG);
        Golden.assertSameAsTc(QdiscCodec.add(Qdisc.clsact(V1), LINUX, false), "clsact-add", Tca.TCMSG);
        Golden.assertSameAsTc(QdiscCodec.delete(Qdisc.ingress(V0)), "ingress-del", Tca.TCMSG);
        Golden.assertSameAsTc(QdiscCodec.delete(V0, TcHandle.ROOT, TcHandle.NONE, null), "root-del", Tca.TCMSG);
    }

    @Test
    void matchAllMirredRedirectIsWhatTcSends() {
        // tc filter add dev v0 parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ifb0
        Golden.assertSameAsTc(FilterCodec.add(Filter.redirectAllIngress(V0, 1, IFB0)), "filter-add", Tca.TCMSG);
        Golden.assertSameAsTc(FilterCodec.dump(V0, TcHandle.INGRESS_QDISC), "filter-dump-request", Tca.TCMSG);
    }

    @Test
    void tcsOwnRequestDecodesToTheSameValues() {
        byte[] tbf = Golden.request("tbf-add");
        assertThat(QdiscCodec.decode(Message.parseAll(tbf, tbf.length).getFirst(), LINUX))
                .isEqualTo(Qdisc.rootTbf(V0, tbf8mbit()));
        byte[] filter = Golden.request("filter-add");
        assertThat(FilterCodec.decode(Message.parseAll(filter, filter.length).getFirst()))
                .contains(Filter.redirectAllIngress(V0, 1, IFB0));
    }

    @Test
    void theKernelsQdiscDumpDecodes() {
        List<Qdisc> all = Golden.messages("qdisc-dump").stream().filter(QdiscCodec::isQdisc)
                .map(m -> QdiscCodec.decode(m, LINUX)).toList();
        assertThat(all).containsExactly(
                new Qdisc(V1, TcHandle.NONE, TcHandle.ROOT, new QdiscKind.Other("noqueue")),
                Qdisc.rootTbf(V0, tbf8mbit()),
                Qdisc.ingress(V0),
                new Qdisc(IFB0, TcHandle.NONE, TcHandle.ROOT, new QdiscKind.Other("pfifo_fast")));
    }

    @Test
    void aKernelPickedHandleAndTheBurstComeBackFromTheDump() {
        Qdisc q = onlyTbf("tbf-latency-dump");
        assertThat(q.handle()).isEqualTo(TcHandle.of(0x8003, 0));
        assertThat(q.kind()).isEqualTo(Tbf.withLatency(Rate.bitsPerSecond(10_000_000), 10240, Duration.ofMillis(25)));
    }

    @Test
    void rate64ComesBackAndTheBurstWithinTheKernelsTickRounding() {
        Tbf asked = new Tbf(Rate.bitsPerSecond(40_000_000_000L), 1 << 20, 10 << 20);
        Tbf installed = (Tbf) onlyTbf("tbf-rate64-dump").kind();
        assertThat(installed.rate().bytesPerSecond()).isEqualTo(5_000_000_000L);
        // 3276 ticks of 64 ns at 5e9 bytes/s: 1048320 bytes, 256 short of the burst asked for.
        assertThat(installed.burstBytes()).isEqualTo(1_048_320);
        assertThat(asked.sameAs(installed)).isTrue();
        assertThat(asked.sameAs(new Tbf(installed.rate(), installed.burstBytes() - 2000, installed.limitBytes()))).isFalse();
    }

    private static Qdisc onlyTbf(String name) {
        List<Qdisc> tbfs = Golden.messages(name).stream().filter(QdiscCodec::isQdisc)
                .map(m -> QdiscCodec.decode(m, LINUX)).filter(q -> q.kind() instanceof Tbf).toList();
        assertThat(tbfs).hasSize(1);
        return tbfs.getFirst();
    }

    @Test
    void theKernelsFilterDumpDecodesToTheOneRuleNotItsHashTable() {
        List<Filter> rules = Golden.messages("filter-dump").stream().filter(FilterCodec::isFilter)
                .map(FilterCodec::decode).flatMap(Optional::stream).toList();
        assertThat(rules).hasSize(1);
        Filter f = rules.getFirst();
        assertThat(f.handle().value()).isEqualTo(0x80000800);
        assertThat(f.parent()).isEqualTo(TcHandle.INGRESS_QDISC);
        assertThat(f.protocol()).isEqualTo(Filter.ALL_PROTOCOLS);
        assertThat(f.sameRule(Filter.redirectAllIngress(V0, 1, IFB0))).isTrue();
        assertThat(f.sameRule(Filter.redirectAllIngress(V0, 1, IFB0 + 1))).isFalse();
    }
}
