package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.MsgHdr;
import dev.weft.netlink.sys.SockaddrIn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Buffers for one recvmmsg(2): per message a buffer, the sender's address and, with GRO, room
 * for the UDP_GRO control message that gives the segment size of a coalesced read. Laid out
 * once; {@link #receive} resets the lengths the kernel overwrites.
 */
final class RecvBatch {
    private static final int CMSG_ROOM = 64;

    private final int capacity;
    private final int bufferSize;
    private final boolean control;
    private final MemorySegment vec;
    private final MemorySegment addrs;
    private final MemorySegment cmsgs;
    private final MemorySegment[] buffers;

    RecvBatch(Arena a, int capacity, int bufferSize, boolean control) {
        this.capacity = capacity;
        this.bufferSize = bufferSize;
        this.control = control;
        vec = a.allocate((long) capacity * MsgHdr.MMSG_SIZE, 8);
        MemorySegment iov = a.allocate((long) capacity * 16, 8);
        addrs = a.allocate((long) capacity * SockaddrIn.SIZE, 8);
        cmsgs = a.allocate((long) capacity * CMSG_ROOM, 8);
        MemorySegment all = a.allocate((long) capacity * bufferSize, 64);
        buffers = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++) {
            buffers[i] = all.asSlice((long) i * bufferSize, bufferSize);
            dev.weft.netlink.sys.FdIo.setIovec(iov, i, buffers[i], 0, bufferSize);
            MsgHdr.set(vec, (long) i * MsgHdr.MMSG_SIZE, addrs, (long) i * SockaddrIn.SIZE, SockaddrIn.SIZE,
                    iov, (long) i * 16, 1, cmsgs, (long) i * CMSG_ROOM, control ? CMSG_ROOM : 0);
        }
    }

    /** recvmmsg(2) without waiting: how many messages arrived, or -errno. */
    int receive(MemorySegment slot, int fd) {
        for (int i = 0; i < capacity; i++) {
            long m = (long) i * MsgHdr.MMSG_SIZE;
            MsgHdr.setNameLen(vec, m, SockaddrIn.SIZE);
            if (control) {
                MsgHdr.setControlLen(vec, m, CMSG_ROOM);
            }
        }
        return Datagram.recvmmsg(slot, fd, vec, capacity, Datagram.MSG_DONTWAIT);
    }

    MemorySegment buffer(int i) {
        return buffers[i];
    }

    int length(int i) {
        return vec.get(JAVA_INT, (long) i * MsgHdr.MMSG_SIZE + MsgHdr.MSG_LEN);
    }

    int sender(int i) {
        return SockaddrIn.address(addrs, (long) i * SockaddrIn.SIZE);
    }

    boolean truncated(int i) {
        return (MsgHdr.flags(vec, (long) i * MsgHdr.MMSG_SIZE) & Datagram.MSG_TRUNC) != 0;
    }

    /** The UDP_GRO segment size of message {@code i}, or -1 when it is a single datagram. */
    int segmentSize(int i) {
        if (!control) {
            return -1;
        }
        long m = (long) i * MsgHdr.MMSG_SIZE;
        return MsgHdr.findCmsgInt(cmsgs, (long) i * CMSG_ROOM, MsgHdr.controlLen(vec, m), Datagram.SOL_UDP, Datagram.UDP_GRO);
    }

    int bufferSize() {
        return bufferSize;
    }
}
