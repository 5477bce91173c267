package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.Errno;
import dev.weft.netlink.sys.FdIo;
import dev.weft.netlink.sys.MsgHdr;
import dev.weft.netlink.sys.SockaddrIn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Datagrams gathered for one sendmmsg(2): per message a destination, one iovec pointing into the
 * caller's buffers (no copy), and optionally a UDP_SEGMENT control message that makes it a UDP GSO
 * send of many datagrams. The arrays are laid out once; adding a message writes a few fields.
 * A message that fails is counted and skipped; the rest are sent.
 */
final class SendBatch {
    private static final int CMSG_ROOM = 32;

    private final int capacity;
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

    SendBatch(Arena a, int capacity, int fd, int port, MemorySegment slot, Counters counters) {
        this.capacity = capacity;
        this.fd = fd;
        this.port = port;
        this.slot = slot;
        this.counters = counters;
        vec = a.allocate((long) capacity * MsgHdr.MMSG_SIZE, 8);
        iov = a.allocate((long) capacity * FdIo.IOVEC_SIZE, 8);
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
        return size == capacity;
    }

    int size() {
        return size;
    }

    /**
     * Adds a message of {@code len} bytes at {@code base + off} to {@code peer}; with
     * {@code gsoSize} above 0 the kernel cuts it into datagrams of that size ({@code packets} of them).
     */
    void add(int peer, MemorySegment base, long off, int len, int gsoSize, int packets) {
        int i = size++;
        SockaddrIn.set(addrs, (long) i * SockaddrIn.SIZE, peer, port);
        FdIo.setIovec(iov, i, base, off, len);
        long m = (long) i * MsgHdr.MMSG_SIZE;
        if (gsoSize > 0) {
            int room = MsgHdr.putCmsgU16(cmsgs, (long) i * CMSG_ROOM, Datagram.SOL_UDP, Datagram.UDP_SEGMENT, gsoSize);
            MsgHdr.setControlLen(vec, m, room);
        } else {
            MsgHdr.setControlLen(vec, m, 0);
        }
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
    }
}
