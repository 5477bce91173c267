package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.MessageBuilder;

import java.nio.ByteBuffer;

/**
 * TBF options as iproute2's {@code tc qdisc add … tbf rate R burst B limit L} writes them, in its
 * order: TCA_TBF_PARMS (struct tc_tbf_qopt), TCA_TBF_BURST (the burst in bytes),
 * TCA_TBF_RATE64 (only for rates of 2^32 bytes/s and more, when the 32-bit rate field says
 * 0xffffffff), TCA_TBF_RTAB (256 transmit times). See the package notes for the math.
 */
final class TbfCodec {
    private static final long U32_MAX = 0xFFFF_FFFFL;
    /** tc's default MTU for the rate table (it has no device to ask), and the cell size it implies. */
    private static final int RTAB_MTU = 2047;
    private static final int RTAB_CELLS = 256;

    private TbfCodec() {
    }

    /** Writes the options nest. Fails, naming the burst, when its transmit time overflows 32 bits of ticks. */
    static void encode(MessageBuilder m, Tbf t, Psched p) {
        long rate = t.rate().bytesPerSecond();
        long rate32 = Math.min(rate, U32_MAX);
        long bufferTicks = p.xmitTime(rate32, t.burstBytes());
        if (bufferTicks >= U32_MAX) {
            throw new IllegalArgumentException("burst " + t.burstBytes() + " bytes at " + t.rate()
                    + " lasts longer than the kernel's 32-bit tick count holds; lower the burst");
        }
        int cellLog = cellLog(RTAB_MTU);
        ByteBuffer q = Bytes.allocate(Tca.TBF_QOPT);
        q.put(ratespec(cellLog, rate32));
        q.put(new byte[Tca.RATESPEC]); // no peak rate
        q.putInt((int) t.limitBytes()).putInt((int) bufferTicks).putInt(0); // mtu: only with a peak rate
        m.beginNested(Tca.OPTIONS);
        m.attr(Tca.TBF_PARMS, q.array());
        m.u32(Tca.TBF_BURST, (int) t.burstBytes());
        if (rate > U32_MAX) {
            m.attr(Tca.TBF_RATE64, Bytes.allocate(8).putLong(rate).array());
        }
        m.attr(Tca.TBF_RTAB, rateTable(rate32, cellLog, p));
        m.endNested();
    }

    /** struct tc_ratespec: cell_log, linklayer, overhead, cell_align (-1), mpu, rate (bytes/s, 32 bits). */
    private static byte[] ratespec(int cellLog, long rate32) {
        return Bytes.allocate(Tca.RATESPEC).put((byte) cellLog).put((byte) Tca.LINKLAYER_ETHERNET)
                .putShort((short) 0).putShort((short) -1).putShort((short) 0).putInt((int) rate32).array();
    }

    /** tc_calc_rtable's cell size: the smallest power of two that covers the MTU in 256 cells. */
    static int cellLog(int mtu) {
        int cellLog = 0;
        while ((mtu >> cellLog) > 255) {
            cellLog++;
        }
        return cellLog;
    }

    /** rtab[i]: ticks to send ((i + 1) << cell_log) bytes, for ethernet (no size adjustment, mpu 0). */
    static byte[] rateTable(long rate32, int cellLog, Psched p) {
        ByteBuffer b = Bytes.allocate(RTAB_CELLS * 4);
        for (int i = 0; i < RTAB_CELLS; i++) {
            b.putInt((int) p.xmitTime(rate32, (long) (i + 1) << cellLog));
        }
        return b.array();
    }

    /**
     * Reads TBF options: from a request (weft's or tc's) the burst is TCA_TBF_BURST; from the
     * kernel, which reports the bucket in ticks only, it is derived from the buffer field.
     */
    static Tbf decode(Attrs options, Psched p) {
        byte[] parms = options.get(Tca.TBF_PARMS).filter(v -> v.length >= Tca.TBF_QOPT)
                .orElseThrow(() -> new IllegalArgumentException("tbf options without TCA_TBF_PARMS"));
        ByteBuffer q = ByteBuffer.wrap(parms).order(java.nio.ByteOrder.nativeOrder());
        long rate = Integer.toUnsignedLong(q.getInt(8));
        long limit = Integer.toUnsignedLong(q.getInt(2 * Tca.RATESPEC));
        long bufferTicks = Integer.toUnsignedLong(q.getInt(2 * Tca.RATESPEC + 4));
        byte[] rate64 = options.get(Tca.TBF_RATE64).filter(v -> v.length == 8).orElse(null);
        if (rate64 != null) {
            rate = ByteBuffer.wrap(rate64).order(java.nio.ByteOrder.nativeOrder()).getLong();
        }
        long r = rate;
        long burst = options.u32(Tca.TBF_BURST).map(Integer::toUnsignedLong)
                .orElseGet(() -> p.xmitSize(r, bufferTicks));
        return new Tbf(Rate.bytesPerSecond(rate), Math.max(1, burst), limit);
    }
}
