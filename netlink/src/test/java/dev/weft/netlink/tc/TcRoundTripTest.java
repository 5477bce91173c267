package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every qdisc and filter weft encodes decodes back to the same value, without a kernel (seeded random cases). */
class TcRoundTripTest {
    private static final Psched P = Psched.LINUX;

    private static Message one(MessageBuilder b) {
        byte[] bytes = b.build(7);
        List<Message> ms = Message.parseAll(bytes, bytes.length);
        assertThat(ms).hasSize(1);
        return ms.getFirst();
    }

    @Test
    void everyQdiscKindRoundTrips() {
        List<Qdisc> qs = List.of(
                Qdisc.rootTbf(4, new Tbf(Rate.bitsPerSecond(10_000_000), 12_500, 31_250 + 12_500)),
                Qdisc.rootTbf(4, new Tbf(Rate.bytesPerSecond(0xFFFF_FFFFL), 1 << 20, 1 << 24)),
                Qdisc.rootTbf(4, new Tbf(Rate.bytesPerSecond(0x1_0000_0000L), 1 << 20, 1 << 24)),
                new Qdisc(9, TcHandle.NONE, TcHandle.of(1, 1), new Tbf(Rate.bytesPerSecond(1), 1, 0xFFFF_FFFFL)),
                Qdisc.ingress(2),
                Qdisc.clsact(3),
                new Qdisc(5, TcHandle.of(2, 0), TcHandle.ROOT, new QdiscKind.Other("fq_codel")));
        for (Qdisc q : qs) {
            for (boolean replace : new boolean[] {false, true}) {
                assertThat(QdiscCodec.decode(one(QdiscCodec.add(q, P, replace)), P)).as(q.toString()).isEqualTo(q);
            }
        }
    }

    @Test
    void randomTbfsRoundTrip() {
        Random r = new Random(17);
        for (int i = 0; i < 2000; i++) {
            long rate = 1 + (long) (Math.pow(10, r.nextDouble() * 11)); // 1 B/s .. 100 GB/s
            long burst = 1500 + (long) (r.nextDouble() * (rate / 4.0));
            long limit = 1 + r.nextLong(0xFFFF_FFFFL);
            if (burst > Tbf.U32_MAX || P.xmitTime(Math.min(rate, 0xFFFF_FFFFL), burst) >= Tbf.U32_MAX) {
                continue;
            }
            Qdisc q = Qdisc.rootTbf(1 + r.nextInt(1000), new Tbf(Rate.bytesPerSecond(rate), burst, limit));
            assertThat(QdiscCodec.decode(one(QdiscCodec.add(q, P, true)), P)).as(q.toString()).isEqualTo(q);
        }
    }

    @Test
    void filtersRoundTripWithTheirKeysAndActions() {
        Random r = new Random(23);
        List<Filter> fs = new ArrayList<>(List.of(
                Filter.redirectAllIngress(3, 1, 4),
                new Filter(3, TcHandle.CLSACT_INGRESS, 7, 0x0800, TcHandle.NONE, FilterKind.U32.matchAll(List.of(
                        new Action.Mirred(Action.Mirred.Mode.INGRESS_MIRROR, 8),
                        new Action.Mirred(Action.Mirred.Mode.EGRESS_MIRROR, 9)))),
                new Filter(3, TcHandle.INGRESS_QDISC, 2, 0x86dd, new TcHandle(0x80000801), FilterKind.U32.matchAll(List.of()))));
        for (int i = 0; i < 500; i++) {
            List<FilterKind.U32.Key> keys = new ArrayList<>();
            for (int k = 0, n = 1 + r.nextInt(5); k < n; k++) {
                keys.add(new FilterKind.U32.Key(r.nextInt(), r.nextInt(), 4 * r.nextInt(16), 0));
            }
            Action.Mirred.Mode mode = Action.Mirred.Mode.values()[r.nextInt(4)];
            fs.add(new Filter(1 + r.nextInt(100), TcHandle.INGRESS_QDISC, 1 + r.nextInt(0xfffe), r.nextInt(0x10000),
                    TcHandle.NONE, new FilterKind.U32(keys, List.of(new Action.Mirred(mode, 1 + r.nextInt(100))))));
        }
        for (Filter f : fs) {
            assertThat(FilterCodec.decode(one(FilterCodec.add(f)))).as(f.toString()).contains(f);
        }
    }

    @Test
    void aDeleteNamesTheRuleAndAPriorityDeleteNamesNone() {
        Filter f = Filter.redirectAllIngress(3, 5, 4).withHandle(new TcHandle(0x80000800));
        Message del = one(FilterCodec.delete(f));
        assertThat(del.type()).isEqualTo(Tca.RTM_DELTFILTER);
        assertThat(del.buffer().getInt(8)).isEqualTo(0x80000800);
        assertThat(del.buffer().getInt(16) >>> 16).isEqualTo(5);
        Message prio = one(FilterCodec.deletePriority(3, TcHandle.INGRESS_QDISC, 5));
        assertThat(prio.buffer().getInt(8)).isZero();
        assertThat(prio.buffer().getInt(16)).isEqualTo(5 << 16);
        assertThat(prio.attrs(Tca.TCMSG).has(Tca.KIND)).isFalse();
    }
}
