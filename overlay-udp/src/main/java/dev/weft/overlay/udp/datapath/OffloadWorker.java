package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.FdIo;
import dev.weft.overlay.udp.packet.Gather;
import dev.weft.overlay.udp.packet.Icmp;
import dev.weft.overlay.udp.packet.TcpCoalescer;
import dev.weft.overlay.udp.packet.TcpSegmenter;
import dev.weft.overlay.udp.packet.VirtioNetHdr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The offload datapath on one TUN queue, wireguard-go's way. Out: the TUN (IFF_VNET_HDR, TSO4)
 * hands over TCP super-packets of up to 64 KiB; each is cut in user space into MTU-sized packets
 * ({@link TcpSegmenter}) and leaves as one UDP GSO message (UDP_SEGMENT), several TUN reads per
 * sendmmsg(2). In: the socket has UDP_GRO, so one recvmmsg(2) returns runs of datagrams glued
 * together with their segment size; consecutive TCP segments are merged back
 * ({@link TcpCoalescer}) and written to the TUN as one super-packet with a partial checksum.
 * Per 64 KiB of bulk TCP: about one read, one send, one receive and one write, against some 45 of
 * each for {@code batched}. Both ways are scatter-gather: the segments' headers are built in a
 * small buffer and the payloads sent from where the TUN read put them (iovecs of the sendmmsg),
 * and a merged packet is written with writev(2) from the receive buffers; so per 64 KiB the user
 * space pays one checksum pass each way and no copy of the payload.
 *
 * <p>The loop reads only what poll(2) said is readable, and polls again once both sides came
 * back short (a TUN read that met EAGAIN, a recvmmsg(2) that filled fewer messages than it had
 * room for) instead of trying each again with an empty read first; after a full batch on
 * either side both are tried again at once, so neither starves the other. A poll that finds
 * something ready returns without sleeping.
 */
final class OffloadWorker extends Worker {
    static final int READS = 8;
    private static final int IN_SLOT = 65536 + 64;
    /** Header room per TUN read: 16 KiB, some 400 segments' headers (an MSS under 160 is refused). */
    private static final int HDR_SLOT = 16384;
    /** Gather parts per TUN read: two per segment. */
    private static final int PARTS = 2 * (HDR_SLOT / 40) + 2;
    /** The most datagrams one UDP GSO send may carry (UDP_MAX_SEGMENTS, 64 before Linux 6.9). */
    private static final int MAX_SEGMENTS = 64;
    /** The most UDP payload one send may carry: 65535 less the IPv4 and UDP headers. */
    private static final int MAX_UDP_PAYLOAD = 65507;
    private static final int RECVS = 8;
    private static final int RECV_SLOT = 65536 + 4096;

    /** {@link #idle}'s bits for the TUN queue and for the socket. */
    private static final int TUN_READY = 0xffff;
    private static final int UDP_READY = 0xffff << 16;

    /** The iovecs of one TUN write: a coalesced packet's parts. */
    private MemorySegment tunIov;

    OffloadWorker(DatapathSetup setup, int queue, WorkerSet owner) {
        super(setup, queue, owner);
    }

    @Override
    void loop(Arena a) {
        MemorySegment[] in = slices(a, READS, IN_SLOT);
        MemorySegment[] hdrs = slices(a, READS, HDR_SLOT);
        Gather[] parts = new Gather[READS];
        for (int j = 0; j < READS; j++) {
            parts[j] = new Gather(PARTS);
        }
        tunIov = a.allocate((long) (TcpCoalescer.MAX_SEGMENTS + 1) * FdIo.IOVEC_SIZE, 8);
        MemorySegment reply = a.allocate(VirtioNetHdr.SIZE + Icmp.MAX_ERROR, 64);
        VirtioNetHdr.writeNone(reply, 0);
        Forwarder fwd = setup.forwarder(counters, reply, VirtioNetHdr.SIZE);
        TcpSegmenter segmenter = new TcpSegmenter();
        SendBatch out = new SendBatch(a, READS * 8, READS * PARTS, udpFd, setup.port(), slot, counters);
        RecvBatch rx = new RecvBatch(a, RECVS, RECV_SLOT, true);
        TcpCoalescer coalescer = new TcpCoalescer(a, this::tunWrite, true);
        int ready = TUN_READY | UDP_READY;
        while (!stopping()) {
            int read = (ready & TUN_READY) != 0 ? fromTun(fwd, segmenter, in, hdrs, parts, out, reply) : 0;
            int received = (ready & UDP_READY) != 0 ? fromUdp(fwd, rx, coalescer) : 0;
            ready = read == READS || received == RECVS ? TUN_READY | UDP_READY : 0;
            if (ready == 0) {
                ready = idle();
                if (ready < 0) {
                    return;
                }
            }
        }
    }

    private static MemorySegment[] slices(Arena a, int n, int size) {
        MemorySegment all = a.allocate((long) n * size, 64);
        MemorySegment[] s = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            s[i] = all.asSlice((long) i * size, size);
        }
        return s;
    }

    /** Writes the packet in {@code packet}'s parts to the TUN with one writev(2). */
    private void tunWrite(Gather packet) {
        int n = packet.count();
        for (int i = 0; i < n; i++) {
            FdIo.setIovec(tunIov, i, packet.base(i), packet.offset(i), packet.length(i));
        }
        long rc = FdIo.writev(slot, tunFd, tunIov, n);
        counters.inc(Counter.SYS_TUN_WRITE);
        if (rc < 0) {
            counters.inc(Counter.TUN_WRITE_ERRORS);
        }
    }

    private int fromTun(Forwarder fwd, TcpSegmenter segmenter, MemorySegment[] in, MemorySegment[] hdrs,
                        Gather[] parts, SendBatch out, MemorySegment reply) {
        int read = 0;
        for (int j = 0; j < READS; j++) {
            MemorySegment buf = in[j];
            long n = FdIo.read(slot, tunFd, buf, IN_SLOT);
            if (n < 0) {
                checkRead("read tun", n);
                break;
            }
            read++;
            counters.inc(Counter.SYS_TUN_READ);
            forward(fwd, segmenter, buf, (int) n, hdrs[j], parts[j], out, reply);
        }
        if (out.size() > 0) {
            out.flush();
        }
        return read;
    }

    private void forward(Forwarder fwd, TcpSegmenter segmenter, MemorySegment buf, int n, MemorySegment hdrs,
                         Gather parts, SendBatch out, MemorySegment reply) {
        if (n < VirtioNetHdr.SIZE) {
            counters.inc(Counter.DROP_SHORT);
            return;
        }
        int len = n - VirtioNetHdr.SIZE;
        long pkt = VirtioNetHdr.SIZE;
        int gsoType = VirtioNetHdr.gsoType(buf, 0) & ~VirtioNetHdr.GSO_ECN;
        boolean partial = (VirtioNetHdr.flags(buf, 0) & VirtioNetHdr.F_NEEDS_CSUM) != 0;
        if (gsoType == VirtioNetHdr.GSO_NONE) {
            if (partial && !VirtioNetHdr.completeChecksum(buf, pkt, len, VirtioNetHdr.csumStart(buf, 0),
                    VirtioNetHdr.csumOffset(buf, 0))) {
                counters.inc(Counter.DROP_BAD_HEADER);
                return;
            }
            long v = fwd.toPeer(buf, pkt, len, false);
            if (v >= 0) {
                if (!out.fits(1)) {
                    out.flush();
                }
                out.add((int) v, buf, pkt, len, 0, 1);
            } else if (v == Forwarder.REPLY) {
                tunWrite(reply, VirtioNetHdr.SIZE + fwd.replyLength());
            }
            return;
        }
        if (gsoType != VirtioNetHdr.GSO_TCPV4) {
            counters.inc(Counter.DROP_UNSUPPORTED);
            return;
        }
        long v = fwd.toPeer(buf, pkt, len, true);
        if (v < 0) {
            if (v == Forwarder.REPLY) {
                tunWrite(reply, VirtioNetHdr.SIZE + fwd.replyLength());
            }
            return;
        }
        parts.clear();
        int count = segmenter.segment(buf, pkt, len, VirtioNetHdr.gsoSize(buf, 0), hdrs, 0, HDR_SLOT, parts);
        if (count <= 0) {
            counters.inc(count == TcpSegmenter.MALFORMED ? Counter.DROP_BAD_HEADER : Counter.DROP_UNSUPPORTED);
            return;
        }
        counters.inc(Counter.GSO_SUPER_PACKETS);
        sendSegments((int) v, parts, count, segmenter.segmentSize(), segmenter.lastSize(), out);
    }

    /** Queues {@code count} segments as UDP GSO messages of at most 64 datagrams and 64 KiB each. */
    private static void sendSegments(int peer, Gather parts, int count, int size, int last, SendBatch out) {
        int perMessage = Math.max(1, Math.min(MAX_SEGMENTS, MAX_UDP_PAYLOAD / size));
        for (int first = 0; first < count; first += perMessage) {
            int n = Math.min(perMessage, count - first);
            int bytes = first + n == count ? (n - 1) * size + last : n * size;
            if (!out.fits(n * TcpSegmenter.PARTS)) {
                out.flush();
            }
            out.add(peer, parts, first * TcpSegmenter.PARTS, (first + n) * TcpSegmenter.PARTS, bytes, n > 1 ? size : 0, n);
        }
    }

    private int fromUdp(Forwarder fwd, RecvBatch rx, TcpCoalescer coalescer) {
        int m = rx.receive(slot, udpFd);
        if (m <= 0) {
            checkRead("recvmmsg", m);
            return m;
        }
        counters.inc(Counter.SYS_UDP_RECV);
        long mergedBefore = coalescer.merged();
        for (int i = 0; i < m; i++) {
            int len = rx.length(i);
            int size = rx.segmentSize(i);
            if (size <= 0) {
                size = len;
            }
            if (rx.truncated(i)) {
                counters.inc(Counter.DROP_TRUNCATED);
                continue;
            }
            if (len == 0) {
                counters.inc(Counter.DROP_SHORT);
                continue;
            }
            if (!fwd.isPeer(rx.sender(i))) {
                counters.add(Counter.DROP_UNKNOWN_SENDER, (len + size - 1) / size);
                continue;
            }
            MemorySegment buf = rx.buffer(i);
            for (int pos = 0; pos < len; pos += size) {
                int l = fwd.fromKnownPeer(buf, pos, Math.min(size, len - pos));
                if (l > 0) {
                    counters.inc(Counter.RX_PACKETS);
                    counters.add(Counter.RX_BYTES, l);
                    coalescer.add(buf, pos, l);
                }
            }
        }
        coalescer.flush();
        counters.add(Counter.GRO_MERGED, coalescer.merged() - mergedBefore);
        return m;
    }
}
