package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * GSO in user space: cuts a TCP/IPv4 super-packet (what a TUN with TSO hands over, up to 64 KiB)
 * into segments of at most {@code mss} payload bytes. Each segment gets the headers of the
 * original with, as Linux's {@code tcp_gso_segment} and {@code inet_gso_segment} do: its own IP
 * total length, IP id incremented per segment, a fresh IP checksum; sequence number advanced by
 * the payload before it; FIN and PSH only on the last segment and CWR only on the first; and a
 * full TCP checksum (the virtio partial checksum of the super-packet is recomputed, not trusted,
 * so either form of input works).
 *
 * <p>Scatter-gather, not copied: only the segments' headers are written, one after the other into
 * a small header buffer; the payloads stay in the super-packet. The result is a {@link Gather}
 * list of two parts per segment, header then payload, which a sendmsg(2) with UDP_SEGMENT takes
 * as its iovecs: the kernel's copy is then the only one, and the payload is read once here (its
 * checksum). Every segment but the last has {@link #segmentSize()} bytes, as UDP GSO needs.
 * One instance per thread: it keeps the result of the last call in fields, so a packet loop
 * allocates nothing.
 */
public final class TcpSegmenter {
    /** The input is not a TCP/IPv4 packet the segmenter can cut (see {@link #segment}). */
    public static final int NOT_TCP = -1;
    /** Headers or lengths do not fit the bytes given. */
    public static final int MALFORMED = -2;
    /** The header buffer or the gather list is too small for the segments. */
    public static final int NO_ROOM = -3;
    /** Parts per segment in the gather list: its headers, then its payload. */
    public static final int PARTS = 2;

    private int segmentSize;
    private int lastSize;
    private int headerSize;

    /**
     * Segments the packet of {@code len} bytes at {@code in + inOff} (an IPv4 header first): the
     * headers of segment {@code i} go to {@code hdrs + hdrOff + i × headerSize()} (at most
     * {@code hdrCap} bytes in all), and {@link #PARTS} parts per segment are appended to {@code out}
     * (header, then payload, which points into {@code in}: leave it unchanged until the list is
     * used). Returns the count of segments, or {@link #NOT_TCP}, {@link #MALFORMED},
     * {@link #NO_ROOM} (then {@code out} is unchanged). A packet whose payload fits one segment
     * comes out as one segment with its checksums completed.
     */
    public int segment(MemorySegment in, long inOff, int len, int mss, MemorySegment hdrs, long hdrOff, int hdrCap,
                       Gather out) {
        if (Ipv4.check(in, inOff, len, false) != Ipv4.OK || mss <= 0) {
            return MALFORMED;
        }
        if (Ipv4.protocol(in, inOff) != Ipv4.PROTO_TCP || Ipv4.isFragment(in, inOff)) {
            return NOT_TCP;
        }
        int ihl = Ipv4.headerLength(in, inOff);
        int total = Ipv4.totalLength(in, inOff);
        if (total < ihl + Tcp.MIN_HEADER) {
            return MALFORMED;
        }
        int thl = Tcp.headerLength(in, inOff + ihl);
        if (thl < Tcp.MIN_HEADER || ihl + thl > total) {
            return MALFORMED;
        }
        int h = ihl + thl;
        int payload = total - h;
        int count = payload == 0 ? 1 : (payload + mss - 1) / mss;
        if ((long) count * h > hdrCap || (long) count * PARTS > out.capacity() - out.count()) {
            return NO_ROOM;
        }
        headerSize = h;
        segmentSize = h + Math.min(mss, payload);
        lastSize = h + (payload - (count - 1) * mss);
        writeSegments(in, inOff, ihl, thl, payload, mss, count, hdrs, hdrOff, out);
        return count;
    }

    private static void writeSegments(MemorySegment in, long inOff, int ihl, int thl, int payload, int mss, int count,
                                      MemorySegment hdrs, long hdrOff, Gather out) {
        int h = ihl + thl;
        int id0 = Ipv4.id(in, inOff);
        int seq0 = Tcp.seq(in, inOff + ihl);
        int flags0 = Tcp.flags(in, inOff + ihl);
        int src = Ipv4.source(in, inOff);
        int dst = Ipv4.destination(in, inOff);
        long data = inOff + h;
        long pos = hdrOff;
        for (int i = 0; i < count; i++) {
            int chunk = Math.min(mss, payload - i * mss);
            long chunkOff = data + (long) i * mss;
            MemorySegment.copy(in, inOff, hdrs, pos, h);
            Ipv4.setTotalLength(hdrs, pos, h + chunk);
            Ipv4.setId(hdrs, pos, (id0 + i) & 0xffff);
            Ipv4.updateChecksum(hdrs, pos);
            long tcp = pos + ihl;
            Tcp.setSeq(hdrs, tcp, seq0 + i * mss);
            int flags = flags0;
            if (i < count - 1) {
                flags &= ~(Tcp.FIN | Tcp.PSH);
            }
            if (i > 0) {
                flags &= ~Tcp.CWR;
            }
            Tcp.setFlags(hdrs, tcp, flags);
            Tcp.setChecksum(hdrs, tcp, 0);
            long sum = Checksum.pseudoHeader(src, dst, Ipv4.PROTO_TCP, thl + chunk);
            sum = Checksum.add(sum, hdrs, tcp, thl);
            sum = Checksum.add(sum, in, chunkOff, chunk);
            Tcp.setChecksum(hdrs, tcp, Checksum.finish(sum));
            out.add(hdrs, pos, h);
            out.add(in, chunkOff, chunk);
            pos += h;
        }
    }

    /** The size of every segment of the last call but the last one (all of them when equal). */
    public int segmentSize() {
        return segmentSize;
    }

    /** The size of the last segment of the last call. */
    public int lastSize() {
        return lastSize;
    }

    /** IP and TCP header bytes of each segment of the last call. */
    public int headerSize() {
        return headerSize;
    }
}
