package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * GRO in user space: merges consecutive in-order TCP/IPv4 segments of one flow into one
 * super-packet behind a virtio-net header ({@link VirtioNetHdr#GSO_TCPV4}, {@code gsoSize} the
 * first segment's payload, a partial checksum seeded with the pseudo-header), which a TUN with
 * {@code IFF_VNET_HDR} accepts in one write and the kernel handles as one packet until it must be
 * cut again. Packets that cannot be merged leave alone, behind an empty header.
 *
 * <p>Merged only, as Linux's {@code tcp_gro_receive} would: same addresses, ports, TOS, TTL and
 * DF; no IP options; the same TCP header length and options; the same ACK number; the sequence
 * number right after the run's end; flags ACK, with PSH only on the run's last segment; a payload
 * no larger than the first's, a smaller one ending the run; at most 64 KiB and
 * {@link #MAX_SEGMENTS} segments in all; a valid TCP checksum (verified here, as wireguard-go
 * does, since the merged packet's checksum is left to the kernel, which will not look at the
 * parts again). Limits: only a run of adjacent packets merges (a batch that interleaves two
 * flows merges less than Linux, which keeps a table of flows); IP ids are not checked.
 *
 * <p>Scatter-gather, not copied: a packet leaves as a {@link Gather} list, the virtio-net header
 * and the first segment's IP and TCP headers in a small buffer of the coalescer's own, then every
 * segment's payload where it lies, for one writev(2). So the bytes given to {@link #add} must stay
 * unchanged until the next {@link #flush}. One instance per thread; {@link Sink#emit} is called
 * synchronously from {@link #add} and {@link #flush}, and the list and header buffer are reused
 * right after it returns.
 */
public final class TcpCoalescer {
    /** Where finished packets go: a virtio-net header, then the packet, in {@code packet}'s parts. */
    public interface Sink {
        void emit(Gather packet);
    }

    /** The largest IPv4 packet. */
    public static final int MAX_PACKET = 65535;
    /**
     * The most segments one run merges: with its header part, a writev(2) of UIO_MAXIOV (1024)
     * iovecs. Only flows with an MSS under 64 bytes meet it before the 64 KiB limit.
     */
    public static final int MAX_SEGMENTS = 1023;
    /** Room for the virtio-net header and the largest IPv4 and TCP headers. */
    private static final int HEADER_ROOM = VirtioNetHdr.SIZE + 60 + 60;
    private static final long PKT = VirtioNetHdr.SIZE;

    private final MemorySegment hdr;
    private final MemorySegment none;
    private final Gather parts = new Gather(MAX_SEGMENTS + 1);
    private final Sink sink;
    private final boolean verifyChecksums;

    private boolean open;
    private int count;
    private int length;
    private int ihl;
    private int thl;
    private int mss;
    private int nextSeq;
    private long merged;
    private long flushes;

    /** Coalesces into lists emitted to {@code sink}; {@code arena} holds the header buffers. */
    public TcpCoalescer(java.lang.foreign.SegmentAllocator arena, Sink sink, boolean verifyChecksums) {
        this.hdr = arena.allocate(HEADER_ROOM, 8);
        this.none = arena.allocate(VirtioNetHdr.SIZE, 8);
        VirtioNetHdr.writeNone(none, 0);
        this.sink = sink;
        this.verifyChecksums = verifyChecksums;
    }

    /** Adds the IPv4 packet of {@code len} bytes (its total length, checked by the caller) at {@code off}. */
    public void add(MemorySegment s, long off, int len) {
        int payload = mergeablePayload(s, off, len);
        if (payload < 0) {
            flush();
            emitAlone(s, off, len);
            return;
        }
        int flags = Tcp.flags(s, off + Ipv4.MIN_HEADER);
        if (open && fits(s, off, len, payload)) {
            parts.add(s, off + len - payload, payload);
            length += payload;
            nextSeq += payload;
            count++;
            merged++;
            if ((flags & Tcp.PSH) != 0) {
                Tcp.setFlags(hdr, PKT + ihl, Tcp.flags(hdr, PKT + ihl) | Tcp.PSH);
            }
            if ((flags & Tcp.PSH) != 0 || payload < mss) {
                flush();
            }
            return;
        }
        flush();
        start(s, off, len, payload);
        if ((flags & Tcp.PSH) != 0) {
            flush();
        }
    }

    /** Emits the run being built, if any. Call after every batch: nothing is held across batches. */
    public void flush() {
        if (!open) {
            return;
        }
        open = false;
        if (count == 1) {
            VirtioNetHdr.writeNone(hdr, 0);
        } else {
            Ipv4.setTotalLength(hdr, PKT, length);
            Ipv4.updateChecksum(hdr, PKT);
            int src = Ipv4.source(hdr, PKT);
            int dst = Ipv4.destination(hdr, PKT);
            Tcp.setChecksum(hdr, PKT + ihl, Checksum.fold(Checksum.pseudoHeader(src, dst, Ipv4.PROTO_TCP, length - ihl)));
            VirtioNetHdr.write(hdr, 0, VirtioNetHdr.F_NEEDS_CSUM, VirtioNetHdr.GSO_TCPV4, ihl + thl, mss,
                    ihl, Tcp.CHECKSUM_OFFSET);
        }
        flushes++;
        sink.emit(parts);
        parts.clear();
    }

    /** Segments merged into an earlier one since this coalescer was made. */
    public long merged() {
        return merged;
    }

    /** Packets emitted from runs (merged or not) since this coalescer was made. */
    public long runs() {
        return flushes;
    }

    /** The TCP payload length when the packet may be merged at all, else -1. */
    private int mergeablePayload(MemorySegment s, long off, int len) {
        if (Ipv4.protocol(s, off) != Ipv4.PROTO_TCP || Ipv4.headerLength(s, off) != Ipv4.MIN_HEADER
                || Ipv4.isFragment(s, off) || len < Ipv4.MIN_HEADER + Tcp.MIN_HEADER) {
            return -1;
        }
        long tcp = off + Ipv4.MIN_HEADER;
        int th = Tcp.headerLength(s, tcp);
        int flags = Tcp.flags(s, tcp);
        if (th < Tcp.MIN_HEADER || Ipv4.MIN_HEADER + th >= len || (flags & ~(Tcp.ACK | Tcp.PSH)) != 0
                || (flags & Tcp.ACK) == 0) {
            return -1;
        }
        if (verifyChecksums && !Tcp.checksumValid(s, tcp, len - Ipv4.MIN_HEADER, Ipv4.source(s, off),
                Ipv4.destination(s, off))) {
            return -1;
        }
        return len - Ipv4.MIN_HEADER - th;
    }

    private boolean fits(MemorySegment s, long off, int len, int payload) {
        long tcp = off + Ipv4.MIN_HEADER;
        long runTcp = PKT + ihl;
        return payload <= mss
                && length + payload <= MAX_PACKET
                && count < MAX_SEGMENTS
                && Tcp.headerLength(s, tcp) == thl
                && Tcp.seq(s, tcp) == nextSeq
                && Tcp.ack(s, tcp) == Tcp.ack(hdr, runTcp)
                && Tcp.ports(s, tcp) == Tcp.ports(hdr, runTcp)
                && Ipv4.source(s, off) == Ipv4.source(hdr, PKT)
                && Ipv4.destination(s, off) == Ipv4.destination(hdr, PKT)
                && Ipv4.tos(s, off) == Ipv4.tos(hdr, PKT)
                && Ipv4.ttl(s, off) == Ipv4.ttl(hdr, PKT)
                && Ipv4.dontFragment(s, off) == Ipv4.dontFragment(hdr, PKT)
                && (Tcp.flags(s, tcp) & ~Tcp.PSH) == (Tcp.flags(hdr, runTcp) & ~Tcp.PSH)
                && optionsEqual(s, tcp, runTcp);
    }

    /** TCP options are whole 32-bit words (data offset × 4), compared a word at a time. */
    private boolean optionsEqual(MemorySegment s, long tcp, long runTcp) {
        for (int i = Tcp.MIN_HEADER; i < thl; i += 4) {
            if (s.get(Bytes.BE_INT, tcp + i) != hdr.get(Bytes.BE_INT, runTcp + i)) {
                return false;
            }
        }
        return true;
    }

    /** Opens a run: the headers copied (they change when segments merge), the payload in place. */
    private void start(MemorySegment s, long off, int len, int payload) {
        int headers = len - payload;
        MemorySegment.copy(s, off, hdr, PKT, headers);
        parts.add(hdr, 0, (int) PKT + headers);
        parts.add(s, off + headers, payload);
        open = true;
        count = 1;
        length = len;
        ihl = Ipv4.MIN_HEADER;
        thl = Tcp.headerLength(s, off + ihl);
        mss = payload;
        nextSeq = Tcp.seq(s, off + ihl) + payload;
    }

    private void emitAlone(MemorySegment s, long off, int len) {
        parts.add(none, 0, VirtioNetHdr.SIZE);
        parts.add(s, off, len);
        sink.emit(parts);
        parts.clear();
    }
}
