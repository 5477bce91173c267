package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.Errno;
import dev.weft.netlink.sys.FdIo;
import dev.weft.netlink.sys.MsgHdr;
import dev.weft.netlink.sys.SockaddrIn;
import dev.weft.overlay.udp.packet.Gather;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Datagrams gathered for one sendmmsg(2): per message a destination, iovecs pointing into the
 * caller's buffers (no copy: one for a buffer, or a run of a {@link Gather} list's parts), and
 * optionally a UDP_SEGMENT control message that makes it a UDP GSO send of many datagrams. The
 * arrays are laid out once; adding a message writes a few fields and its iovecs into a pool
 * shared by the batch. A message that fails is counted and skipped; the rest are sent.
 */
final class SendBatch {
    private static final int CMSG_ROOM = 32;

    private final int capacity;
    private final int iovCapacity;
    private final int fd;
    private final int port;
    private final MemorySegment slot;
    private final Counters counters;
    private final MemorySegment vec;
    private final MemorySegment[] vecFrom;
    private final MemorySegment iov;
    private final MemorySegment addrs;
    private final MemorySegment cmsgs;
    private final int[] packets;
    private final long[] bytes;
    private int size;
    private int iovUsed;

    /** A batch of up to {@code capacity} messages with {@code iovCapacity} iovecs among them. */
    SendBatch(Arena a, int capacity, int iovCapacity, int fd, int port, MemorySegment slot, Counters counters) {
        if (iovCapacity < capacity) {
            throw new IllegalArgumentException("iovCapacity " + iovCapacity + " is under capacity " + capacity);
        }
        this.capacity = capacity;
        this.iovCapacity = iovCapacity;
        this.fd = fd;
        this.port = port;
        this.slot = slot;
        this.counters = counters;
        vec = a.allocate((long) capacity * MsgHdr.MMSG_SIZE, 8);
        iov = a.allocate((long) iovCapacity * FdIo.IOVEC_SIZE, 8);
        addrs = a.allocate((long) capacity * SockaddrIn.SIZE, 8);
        cmsgs = a.allocate((long) capacity * CMSG_ROOM, 8);
        vecFrom = new MemorySegment[capacity];
        packets = new int[capacity];
        bytes = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            MsgHdr.set(vec, (long) i * MsgHdr.MMSG_SIZE, addrs, (long) i * SockaddrIn.SIZE, SockaddrIn.SIZE,
                    iov, (long) i * FdIo.IOVEC_SIZE, 1, cmsgs, (long) i * CMSG_ROOM, 0);
            vecFrom[i] = vec.asSlice((long) i * MsgHdr.MMSG_SIZE);
        }
    }

    boolean isFull() {
        return size == capacity || iovUsed == iovCapacity;
    }

    /** Whether a message of {@code iovecs} iovecs fits now. */
    boolean fits(int iovecs) {
        return size < capacity && iovUsed + iovecs <= iovCapacity;
    }

    int size() {
        return size;
    }

    /**
     * Adds a message of {@code len} bytes at {@code base + off} to {@code peer}; with
     * {@code gsoSize} above 0 the kernel cuts it into datagrams of that size ({@code packets} of them).
     */
    void add(int peer, MemorySegment base, long off, int len, int gsoSize, int packets) {
        FdIo.setIovec(iov, iovUsed, base, off, len);
        message(peer, 1, len, gsoSize, packets);
    }

    /**
     * Adds a message made of parts {@code from} (inclusive) to {@code to} (exclusive) of
     * {@code parts}, {@code len} bytes in all, as {@link #add}; {@link #fits} must allow it.
     */
    void add(int peer, Gather parts, int from, int to, int len, int gsoSize, int packets) {
        for (int p = from; p < to; p++) {
            FdIo.setIovec(iov, iovUsed + p - from, parts.base(p), parts.offset(p), parts.length(p));
        }
        message(peer, to - from, len, gsoSize, packets);
    }

    private void message(int peer, int iovecs, int len, int gsoSize, int packets) {
        int i = size++;
        SockaddrIn.set(addrs, (long) i * SockaddrIn.SIZE, peer, port);
        long m = (long) i * MsgHdr.MMSG_SIZE;
        int room = 0;
        if (gsoSize > 0) {
            room = MsgHdr.putCmsgU16(cmsgs, (long) i * CMSG_ROOM, Datagram.SOL_UDP, Datagram.UDP_SEGMENT, gsoSize);
        }
        MsgHdr.set(vec, m, addrs, (long) i * SockaddrIn.SIZE, SockaddrIn.SIZE,
                iov, (long) iovUsed * FdIo.IOVEC_SIZE, iovecs, cmsgs, (long) i * CMSG_ROOM, room);
        iovUsed += iovecs;
        this.packets[i] = packets;
        this.bytes[i] = len;
    }

    /** Sends what was added, in as few sendmmsg(2) calls as the kernel allows. */
    void flush() {
        int sent = 0;
        while (sent < size) {
            int rc = Datagram.sendmmsg(slot, fd, vecFrom[sent], size - sent, 0);
            counters.inc(Counter.SYS_UDP_SEND);
            if (rc == -Errno.EINTR) {
                continue;
            }
            if (rc <= 0) {
                counters.inc(Counter.SEND_ERRORS); // the first message failed: skip it, send the rest
                sent++;
                continue;
            }
            for (int i = sent; i < sent + rc; i++) {
                counters.add(Counter.TX_PACKETS, packets[i]);
                counters.add(Counter.TX_BYTES, bytes[i]);
            }
            sent += rc;
        }
        size = 0;
        iovUsed = 0;
    }
}
