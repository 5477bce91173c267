package dev.weft.netlink.nflog;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * nfnetlink_log requests and records, pure: the NFULNL_MSG_CONFIG messages that bind a socket to
 * a group, and the decoding of NFULNL_MSG_PACKET. Numbers inside the attributes (group, copy
 * range, timeout, threshold, ifindexes, timestamp) are big-endian on the wire.
 */
public final class NflogCodec {
    /** Bytes of each packet copied to the record: an IPv6 header with a few extension headers and the ports. */
    public static final int COPY_RANGE = 128;
    /** Flush a record at once (queue threshold 1) or at the latest after this many hundredths of a second. */
    static final int FLUSH_TIMEOUT_CS = 10;
    /** Year 9999: a timestamp beyond it is garbage, not a time. */
    private static final long MAX_SECONDS = 253_402_300_799L;

    private NflogCodec() {
    }

    /**
     * What binding to {@code group} takes, in order: unbind and rebind the IPv4 and IPv6 logger
     * (PF_UNBIND/PF_BIND, needed before Linux 3.17 and harmless since), then bind the group with
     * packet copy mode ({@link #COPY_RANGE} bytes), a queue threshold of 1 and a short flush timeout.
     */
    public static List<MessageBuilder> bind(int group) {
        return List.of(command(Nfulnl.AF_INET, 0, Nfulnl.CMD_PF_UNBIND),
                command(Nfulnl.AF_INET, 0, Nfulnl.CMD_PF_BIND),
                command(Nfulnl.AF_INET6, 0, Nfulnl.CMD_PF_UNBIND),
                command(Nfulnl.AF_INET6, 0, Nfulnl.CMD_PF_BIND),
                command(Nfulnl.AF_UNSPEC, group, Nfulnl.CMD_BIND)
                        .attr(Nfulnl.CFG_MODE, mode(COPY_RANGE, Nfulnl.COPY_PACKET))
                        .attr(Nfulnl.CFG_QTHRESH, be32(1))
                        .attr(Nfulnl.CFG_TIMEOUT, be32(FLUSH_TIMEOUT_CS)));
    }

    /** Gives the group up again (the kernel also does when the socket closes). */
    public static MessageBuilder unbind(int group) {
        return command(Nfulnl.AF_UNSPEC, group, Nfulnl.CMD_UNBIND);
    }

    private static MessageBuilder command(int family, int group, int cmd) {
        return new MessageBuilder(Nfulnl.type(Nfulnl.MSG_CONFIG), Nl.F_REQUEST | Nl.F_ACK)
                .struct(nfgenmsg(family, group)).attr(Nfulnl.CFG_CMD, new byte[] {(byte) cmd});
    }

    static byte[] nfgenmsg(int family, int group) {
        return new byte[] {(byte) family, (byte) Nfulnl.NFNETLINK_V0, (byte) (group >> 8), (byte) group};
    }

    /** struct nfulnl_msg_config_mode, packed: be32 copy_range, u8 copy_mode, u8 pad. */
    private static byte[] mode(int range, int mode) {
        byte[] r = be32(range);
        return new byte[] {r[0], r[1], r[2], r[3], (byte) mode, 0};
    }

    private static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    /** Whether {@code m} is a logged packet (NFULNL_MSG_PACKET). */
    public static boolean isPacket(Message m) {
        return m.type() == Nfulnl.type(Nfulnl.MSG_PACKET);
    }

    /**
     * Decodes NFULNL_MSG_PACKET; a record without payload, or whose payload is not an IP packet, is
     * an error naming the attribute.
     */
    public static NflogRecord decode(Message m) {
        byte[] p = m.payload();
        if (p.length < Nfulnl.NFGENMSG) {
            throw new IllegalArgumentException("NFLOG message of " + p.length + " bytes has no nfgenmsg");
        }
        int group = (p[2] & 0xff) << 8 | (p[3] & 0xff);
        Attrs a = m.attrs(Nfulnl.NFGENMSG);
        byte[] payload = a.get(Nfulnl.PAYLOAD).orElseThrow(() ->
                new IllegalArgumentException("NFLOG record of group " + group + " has no NFULA_PAYLOAD"));
        return new NflogRecord(group, a.string(Nfulnl.PREFIX).orElse(""), timestamp(a), be32(a, Nfulnl.IFINDEX_INDEV),
                be32(a, Nfulnl.IFINDEX_OUTDEV), PacketSummary.parse(payload));
    }

    /** struct nfulnl_msg_packet_timestamp: be64 seconds, be64 microseconds. */
    private static Optional<Instant> timestamp(Attrs a) {
        return a.get(Nfulnl.TIMESTAMP).filter(v -> v.length >= 16).map(v -> {
            ByteBuffer b = ByteBuffer.wrap(v);
            long sec = b.getLong(0);
            long usec = b.getLong(8);
            if (sec < 0 || sec > MAX_SECONDS || usec < 0 || usec >= 1_000_000) {
                throw new IllegalArgumentException("NFULA_TIMESTAMP " + sec + " s " + usec + " us is not a time");
            }
            return Instant.ofEpochSecond(sec, usec * 1000);
        });
    }

    private static int be32(Attrs a, int type) {
        return a.get(type).filter(v -> v.length >= 4).map(v -> ByteBuffer.wrap(v).getInt()).orElse(0);
    }
}
