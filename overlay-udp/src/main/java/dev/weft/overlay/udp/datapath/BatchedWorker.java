package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.FdIo;
import dev.weft.overlay.udp.packet.Icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Batched system calls on one TUN queue: up to {@link #BATCH} packets read from the TUN (the TUN
 * has no batched read: one read(2) each, without a poll between them) go out in one sendmmsg(2);
 * one recvmmsg(2) takes up to {@link #BATCH} datagrams, each written to the TUN with one write(2).
 * poll(2) only when both sides are dry. Per packet under load: about one system call and a
 * fraction, against three for {@code simple}.
 */
final class BatchedWorker extends Worker {
    static final int BATCH = 32;
    private static final int SLOT = 65536;

    BatchedWorker(DatapathSetup setup, int queue, WorkerSet owner) {
        super(setup, queue, owner);
    }

    @Override
    void loop(Arena a) {
        MemorySegment txAll = a.allocate((long) BATCH * SLOT, 64);
        MemorySegment[] tx = new MemorySegment[BATCH];
        for (int i = 0; i < BATCH; i++) {
            tx[i] = txAll.asSlice((long) i * SLOT, SLOT);
        }
        MemorySegment reply = a.allocate(Icmp.MAX_ERROR, 64);
        Forwarder fwd = setup.forwarder(counters, reply, 0);
        SendBatch out = new SendBatch(a, BATCH, BATCH, udpFd, setup.port(), slot, counters);
        RecvBatch in = new RecvBatch(a, BATCH, SLOT, false);
        while (!stopping()) {
            int read = fromTun(fwd, tx, out, reply);
            int received = fromUdp(fwd, in);
            if (read == 0 && received <= 0 && idle() < 0) {
                return;
            }
        }
    }

    private int fromTun(Forwarder fwd, MemorySegment[] tx, SendBatch out, MemorySegment reply) {
        int read = 0;
        while (!out.isFull() && read < BATCH) {
            MemorySegment buf = tx[out.size()];
            long n = FdIo.read(slot, tunFd, buf, SLOT);
            if (n < 0) {
                checkRead("read tun", n);
                break;
            }
            read++;
            counters.inc(Counter.SYS_TUN_READ);
            long v = fwd.toPeer(buf, 0, (int) n, false);
            if (v >= 0) {
                out.add((int) v, buf, 0, (int) n, 0, 1);
            } else if (v == Forwarder.REPLY) {
                tunWrite(reply, fwd.replyLength());
            }
        }
        if (out.size() > 0) {
            out.flush();
        }
        return read;
    }

    private int fromUdp(Forwarder fwd, RecvBatch in) {
        int m = in.receive(slot, udpFd);
        if (m <= 0) {
            checkRead("recvmmsg", m);
            return m;
        }
        counters.inc(Counter.SYS_UDP_RECV);
        for (int i = 0; i < m; i++) {
            if (in.truncated(i)) {
                counters.inc(Counter.DROP_TRUNCATED);
                continue;
            }
            MemorySegment buf = in.buffer(i);
            int len = fwd.fromPeer(in.sender(i), buf, 0, in.length(i));
            if (len > 0) {
                tunWrite(buf, len);
                counters.inc(Counter.RX_PACKETS);
                counters.add(Counter.RX_BYTES, len);
            }
        }
        return m;
    }
}
