package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.Errno;
import dev.weft.netlink.sys.ErrnoSlot;
import dev.weft.netlink.sys.FdIo;
import dev.weft.netlink.sys.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One packet thread serving one TUN queue and one socket. Its buffers live in a confined arena
 * the thread makes when it starts and frees when it ends, so only it can touch them; everything
 * a packet needs is allocated before the first packet. {@link #idle} waits in poll(2) on the
 * queue, the socket and the stop eventfd.
 */
abstract class Worker implements Runnable {
    protected final DatapathSetup setup;
    protected final int queue;
    protected final int tunFd;
    protected final int udpFd;
    protected final Counters counters = new Counters();
    private final WorkerSet owner;
    private MemorySegment pollFds;
    protected MemorySegment slot;

    Worker(DatapathSetup setup, int queue, WorkerSet owner) {
        this.setup = setup;
        this.queue = queue;
        this.tunFd = setup.tun().fd(queue);
        this.udpFd = setup.sockets()[queue];
        this.owner = owner;
    }

    @Override
    public final void run() {
        try (Arena arena = Arena.ofConfined()) {
            slot = ErrnoSlot.allocate(arena);
            pollFds = arena.allocate(3L * FdIo.POLLFD_SIZE, 8);
            FdIo.setPollFd(pollFds, 0, tunFd, FdIo.POLLIN);
            FdIo.setPollFd(pollFds, 1, udpFd, FdIo.POLLIN);
            FdIo.setPollFd(pollFds, 2, owner.stopFd(), FdIo.POLLIN);
            loop(arena);
        } catch (Throwable t) {
            owner.failed(this, t);
        }
    }

    /** The packet loop; returns when {@link #stopping()}. */
    abstract void loop(Arena arena);

    protected final boolean stopping() {
        return owner.stopping();
    }

    /**
     * Waits until the TUN or the socket is readable or the datapath stops; returns the poll
     * result's revents bits, TUN in bits 0-15 and socket in 16-31, or -1 when stopping.
     */
    protected final int idle() {
        int rc = FdIo.poll(slot, pollFds, 3, -1);
        counters.inc(Counter.SYS_POLL);
        if (rc < 0) {
            if (rc == -Errno.EINTR) {
                return 0;
            }
            throw new SyscallException("poll", -rc);
        }
        if (FdIo.revents(pollFds, 2) != 0 || stopping()) {
            return -1;
        }
        return (FdIo.revents(pollFds, 0) & 0xffff) | (FdIo.revents(pollFds, 1) & 0xffff) << 16;
    }

    /** Writes {@code len} bytes of {@code buf} to this queue's TUN fd, counting. */
    protected final void tunWrite(MemorySegment buf, int len) {
        long rc = FdIo.write(slot, tunFd, buf, len);
        counters.inc(Counter.SYS_TUN_WRITE);
        if (rc < 0) {
            counters.inc(Counter.TUN_WRITE_ERRORS);
        }
    }

    /** Counts a read that found nothing; any error but "nothing to read" ends the thread. */
    protected final void checkRead(String what, long rc) {
        if (rc == -Errno.EAGAIN) {
            counters.inc(Counter.SYS_EMPTY);
        } else if (rc < 0 && rc != -Errno.EINTR) {
            throw new SyscallException(what, (int) -rc);
        }
    }
}
