package dev.weft.netlink.tc;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Handles, rates, the scheduler clock's math and the values' validation, without a kernel. */
class TcValuesTest {
    @Test
    void handlesParseAndPrintAsTcWritesThem() {
        assertThat(TcHandle.parse("ffff:")).isEqualTo(TcHandle.INGRESS_QDISC);
        assertThat(TcHandle.parse("ffff:fff1")).isEqualTo(TcHandle.INGRESS);
        assertThat(TcHandle.parse("1:")).isEqualTo(TcHandle.of(1, 0));
        assertThat(TcHandle.parse("8003:a")).isEqualTo(new TcHandle(0x8003000a));
        assertThat(TcHandle.parse("root")).isEqualTo(TcHandle.ROOT);
        assertThat(TcHandle.ROOT).hasToString("root");
        assertThat(TcHandle.of(1, 0)).hasToString("1:");
        assertThat(TcHandle.CLSACT_EGRESS).hasToString("ffff:fff3");
        assertThat(TcHandle.INGRESS.major()).isEqualTo(0xffff);
        assertThat(TcHandle.INGRESS.minor()).isEqualTo(0xfff1);
        assertThatThrownBy(() -> TcHandle.parse("12")).hasMessageContaining("handle \"12\"");
        assertThatThrownBy(() -> TcHandle.parse("x:1")).hasMessageContaining("handle \"x:1\"");
        assertThatThrownBy(() -> TcHandle.of(0x10000, 0)).hasMessageContaining("major");
        assertThatThrownBy(() -> TcHandle.of(1, -1)).hasMessageContaining("minor");
    }

    @Test
    void ratesNameTheirUnit() {
        assertThat(Rate.bitsPerSecond(10_000_000).bytesPerSecond()).isEqualTo(1_250_000);
        assertThat(Rate.bitsPerSecond(15).bytesPerSecond()).isEqualTo(1); // rounded down to whole bytes
        assertThat(Rate.bytesPerSecond(1_250_000).bitsPerSecond()).isEqualTo(10_000_000);
        assertThatThrownBy(() -> Rate.bitsPerSecond(7)).hasMessageContaining("rate 7 bit/s");
        assertThatThrownBy(() -> Rate.bytesPerSecond(0)).hasMessageContaining("rate 0 bytes/s");
    }

    @Test
    void pschedParsesTheKernelsFileAndGivesTcsTicks() {
        Psched p = Psched.parse("000003e8 00000040 000f4240 3b9aca00\n");
        assertThat(p).isEqualTo(Psched.LINUX);
        assertThat(p.tickInUsec()).isEqualTo(15.625);
        assertThat(p.tickNanos()).isEqualTo(64.0);
        // A clock resolution of 1e9 means nanosecond ticks (iproute2's compatibility rule).
        assertThat(Psched.parse("000003e8 00000001 3b9aca00 3b9aca00").tickInUsec()).isEqualTo(1000.0);
        assertThatThrownBy(() -> Psched.parse("3e8 40")).hasMessageContaining("3 hex words");
        assertThatThrownBy(() -> Psched.parse("3e8 40 zz")).hasMessageContaining("not hex");
    }

    @Test
    void transmitTimesTruncateLikeIproute2SixPointOne() {
        Psched p = Psched.LINUX;
        assertThat(p.xmitTime(1_000_000, 32_768)).isEqualTo(512_000);
        assertThat(p.xmitTime(1_250_000, 10_240)).isEqualTo(128_000);
        // 1e6 × (1992 / 1e6) is 1991.9999… in doubles: tc truncates it to 1991 µs, 31109 ticks.
        assertThat(p.xmitTime(1_000_000, 1992)).isEqualTo(31_109);
        assertThat(p.xmitTime(1, 0xFFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
        assertThat(p.xmitSize(1_000_000, 512_000)).isEqualTo(32_768);
        assertThat(TbfCodec.cellLog(2047)).isEqualTo(3);
        assertThat(TbfCodec.cellLog(1500)).isEqualTo(3);
        assertThat(TbfCodec.cellLog(255)).isZero();
    }

    @Test
    void theLargestSizeIsTheLastWhoseTransmitTimeFitsThirtyTwoBits() {
        Psched p = Psched.LINUX;
        for (long rate : new long[] {1, 125_000, 1_250_000, 0xFFFF_FFFFL}) {
            long max = p.maxSize(rate);
            assertThat(p.xmitTime(rate, max)).as("rate %d", rate).isLessThan(0xFFFF_FFFFL);
            assertThat(p.xmitTime(rate, max + 1)).as("rate %d", rate).isEqualTo(0xFFFF_FFFFL);
        }
        assertThat(p.maxSize(1_250_000)).as("10 Mbit/s holds about 275 s").isBetween(343_000_000L, 344_000_000L);
        assertThatThrownBy(() -> p.maxSize(0)).hasMessageContaining("bytesPerSecond");
    }

    @Test
    void tbfRejectsWhatTheKernelCannotHoldNamingTheField() {
        Rate r = Rate.bitsPerSecond(10_000_000);
        assertThatThrownBy(() -> new Tbf(r, 0, 1000)).hasMessageContaining("burst 0 bytes");
        assertThatThrownBy(() -> new Tbf(r, 1L << 32, 1000)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new Tbf(r, 1000, 0)).hasMessageContaining("limit 0 bytes");
        assertThatThrownBy(() -> new Tbf(null, 1, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> Tbf.withLatency(r, 1000, Duration.ZERO)).hasMessageContaining("latency");
        assertThatThrownBy(() -> Tbf.withLatency(Rate.bitsPerSecond(80_000_000_000L), 1000, Duration.ofSeconds(1)))
                .hasMessageContaining("over the kernel's 32 bits");
        // 4 GB at 1 byte/s is 136 years: more ticks than the kernel's buffer field holds.
        Qdisc slow = Qdisc.rootTbf(1, new Tbf(Rate.bytesPerSecond(1), 0xFFFF_FFFFL, 1000));
        assertThatThrownBy(() -> QdiscCodec.add(slow, Psched.LINUX, true)).hasMessageContaining("burst 4294967295 bytes");
    }

    @Test
    void filtersAndActionsValidateTheirFields() {
        assertThatThrownBy(() -> Filter.redirectAllIngress(0, 1, 2)).hasMessageContaining("ifindex 0");
        assertThatThrownBy(() -> Filter.redirectAllIngress(1, 0x10000, 2)).hasMessageContaining("priority");
        assertThatThrownBy(() -> Filter.redirectAllIngress(1, 1, -3)).hasMessageContaining("mirred target ifindex -3");
        assertThatThrownBy(() -> Action.Mirred.Mode.of(9)).hasMessageContaining("eaction 9");
        assertThatThrownBy(() -> FilterCodec.deletePriority(1, TcHandle.INGRESS_QDISC, 0)).hasMessageContaining("priority 0");
        assertThatThrownBy(() -> new Qdisc(-1, TcHandle.NONE, TcHandle.ROOT, new QdiscKind.Ingress()))
                .hasMessageContaining("ifindex -1");
        assertThat(FilterKind.U32.matchAll(java.util.List.of()).matchesAll()).isTrue();
        assertThat(new FilterKind.U32(java.util.List.of(new FilterKind.U32.Key(0xff, 1, 0, 0)), java.util.List.of())
                .matchesAll()).isFalse();
    }

    @Test
    void sameAsToleratesOnlyTheKernelsTickRounding() {
        Tbf asked = new Tbf(Rate.bitsPerSecond(100_000_000), 1_000_000, 2_000_000);
        // 12.5e6 bytes/s × 64 ns × 2 = 1.6 bytes, plus one.
        assertThat(asked.sameAs(new Tbf(asked.rate(), 999_998, 2_000_000))).isTrue();
        assertThat(asked.sameAs(new Tbf(asked.rate(), 999_997, 2_000_000))).isFalse();
        assertThat(asked.sameAs(new Tbf(asked.rate(), 1_000_000, 2_000_001))).isFalse();
        assertThat(asked.sameAs(new Tbf(Rate.bitsPerSecond(100_000_008), 1_000_000, 2_000_000))).isFalse();
    }
}
