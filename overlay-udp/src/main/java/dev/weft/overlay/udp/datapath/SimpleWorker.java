package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.FdIo;
import dev.weft.netlink.sys.SockaddrIn;
import dev.weft.overlay.udp.packet.Icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The historical baseline, as Flannel's {@code proxy.c} does it: one thread; poll(2) while idle,
 * and while either side has something, alternately one read(2) from the TUN and one sendto(2) to
 * the peer, one recvfrom(2) and one write(2) to the TUN. Under load, two system calls and two
 * copies between kernel and user space per packet, plus a read that finds nothing on the idle side.
 */
final class SimpleWorker extends Worker {
    private static final int BUFFER = 65536;

    SimpleWorker(DatapathSetup setup, int queue, WorkerSet owner) {
        super(setup, queue, owner);
    }

    @Override
    void loop(Arena a) {
        MemorySegment tx = a.allocate(BUFFER, 64);
        MemorySegment rx = a.allocate(BUFFER, 64);
        MemorySegment reply = a.allocate(Icmp.MAX_ERROR, 64);
        MemorySegment to = a.allocate(SockaddrIn.SIZE, 8);
        MemorySegment from = a.allocate(SockaddrIn.SIZE, 8);
        MemorySegment fromLen = a.allocate(JAVA_INT);
        Forwarder fwd = setup.forwarder(counters, reply, 0);
        while (idle() >= 0) {
            boolean active;
            do {
                active = tunToUdp(fwd, tx, to, reply) | udpToTun(fwd, rx, from, fromLen);
            } while (active && !stopping());
        }
    }

    /** One read(2) from the TUN and, for a peer, one sendto(2); false when the TUN had nothing. */
    private boolean tunToUdp(Forwarder fwd, MemorySegment tx, MemorySegment to, MemorySegment reply) {
        long n = FdIo.read(slot, tunFd, tx, BUFFER);
        if (n < 0) {
            checkRead("read tun", n);
            return false;
        }
        counters.inc(Counter.SYS_TUN_READ);
        long v = fwd.toPeer(tx, 0, (int) n, false);
        if (v >= 0) {
            SockaddrIn.set(to, 0, (int) v, setup.port());
            long rc = Datagram.sendto(slot, udpFd, tx, n, 0, to);
            counters.inc(Counter.SYS_UDP_SEND);
            if (rc < 0) {
                counters.inc(Counter.SEND_ERRORS);
            } else {
                counters.inc(Counter.TX_PACKETS);
                counters.add(Counter.TX_BYTES, n);
            }
        } else if (v == Forwarder.REPLY) {
            tunWrite(reply, fwd.replyLength());
        }
        return true;
    }

    /** One recvfrom(2) and, for this node, one write(2) to the TUN; false when the socket had nothing. */
    private boolean udpToTun(Forwarder fwd, MemorySegment rx, MemorySegment from, MemorySegment fromLen) {
        fromLen.set(JAVA_INT, 0, SockaddrIn.SIZE);
        long n = Datagram.recvfrom(slot, udpFd, rx, BUFFER, Datagram.MSG_DONTWAIT, from, fromLen);
        if (n < 0) {
            checkRead("recvfrom", n);
            return false;
        }
        counters.inc(Counter.SYS_UDP_RECV);
        int len = fwd.fromPeer(SockaddrIn.address(from, 0), rx, 0, (int) n);
        if (len > 0) {
            tunWrite(rx, len);
            counters.inc(Counter.RX_PACKETS);
            counters.add(Counter.RX_BYTES, len);
        }
        return true;
    }
}
