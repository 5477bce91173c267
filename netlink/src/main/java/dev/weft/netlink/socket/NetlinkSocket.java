package dev.weft.netlink.socket;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.sys.Errno;
import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * One netlink socket (one file descriptor; NETLINK_ROUTE unless opened with another protocol) with
 * NETLINK_EXT_ACK and NETLINK_CAP_ACK on. The socket belongs to the network namespace of the
 * thread that opened it, for its whole life.
 * Requests are serialised per socket and numbered by a per-socket sequence; replies are checked
 * against it by {@link ReplyCollector}.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int RECV_BUFFER = 1 << 18;
    /** The kernel's address (port 0, no groups): the destination of every request. */
    private static final MemorySegment KERNEL = sockaddr(Arena.global(), 0);
    /**
     * Receive buffers of closed request sockets, for the next one. A plugin or the agent opens a
     * socket per namespace per call; allocating (and zeroing) 256 KiB each time, and freeing it
     * with a shared arena's close (a handshake with every thread of the JVM), cost more than the
     * requests themselves.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<Buffer> SPARE_BUFFERS =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final int MAX_SPARE_BUFFERS = 16;

    /**
     * A request socket's receive buffer in an arena of its own. Beyond the spares it is freed when
     * its socket closes, not left to the GC: a burst of concurrent ADDs opens hundreds of sockets,
     * and buffers waiting for a collection of a small heap's old generation held 95 MB of native
     * memory in the agent (docs/BENCHMARKS.md, "Agent footprint"). Only a burst pays the shared
     * arena's close.
     */
    private record Buffer(Arena arena, MemorySegment segment) {
        static Buffer allocate() {
            Arena a = Arena.ofShared();
            return new Buffer(a, a.allocate(RECV_BUFFER));
        }
    }

    private final int fd;
    private final boolean subscribed;
    private final MemorySegment recvBuf;
    /** The request socket's buffer with its arena; null for a subscription (its buffer is the GC's). */
    private final Buffer owned;
    private boolean closed;
    private int seq = (int) (System.nanoTime() & 0xffff);

    private NetlinkSocket(int fd, boolean subscribed) {
        this.fd = fd;
        this.subscribed = subscribed;
        if (subscribed) {
            this.owned = null;
            this.recvBuf = Arena.ofAuto().allocate(RECV_BUFFER); // freed by the GC: a recv may outlive close()
        } else {
            Buffer spare = SPARE_BUFFERS.poll();
            this.owned = spare != null ? spare : Buffer.allocate();
            this.recvBuf = owned.segment();
        }
    }

    /** Opens a socket in the calling thread's netns, subscribed to {@code groups} (0 for none). */
    public static NetlinkSocket open(int groups) {
        return open(0, groups);
    }

    /**
     * Opens a socket of netlink family {@code protocol} (0 NETLINK_ROUTE, 12 NETLINK_NETFILTER)
     * in the calling thread's netns, subscribed to {@code groups} (0 for none).
     */
    public static NetlinkSocket open(int protocol, int groups) {
        int fd;
        try {
            fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        } catch (SyscallException e) {
            throw NetlinkException.of(e);
        }
        try {
            Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1);
            Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1);
            try (Arena a = Arena.ofConfined()) {
                Libc.bind(fd, sockaddr(a, groups));
            }
            return new NetlinkSocket(fd, groups != 0);
        } catch (SyscallException e) {
            Libc.close(fd);
            throw NetlinkException.of(e);
        }
    }

    private static MemorySegment sockaddr(Arena a, int groups) {
        MemorySegment s = a.allocate(12);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        s.set(ValueLayout.JAVA_INT, 4, 0);
        s.set(ValueLayout.JAVA_INT, 8, groups);
        return s;
    }

    /** Sends a request expecting an ACK; returns any reply messages before it (e.g. a GET's answer). */
    public synchronized List<Message> request(MessageBuilder req, String operation) {
        return exchange(req, operation);
    }

    /**
     * Sends several requests in one datagram (one {@code sendmsg}) and collects each one's reply:
     * the kernel handles them in order and answers each on its own, and one that fails does not
     * stop the ones after it. Returns every request's {@link Reply} in request order, once every
     * reply is in (so no answer is left for the next exchange to skip): the caller sees which
     * requests took effect. Only for requests whose effects are independent or ordered as given.
     */
    public synchronized List<Reply> requestAll(List<MessageBuilder> reqs, List<String> operations) {
        ensureOpen();
        if (reqs.size() != operations.size() || reqs.isEmpty()) {
            throw new IllegalArgumentException("one operation name per request, at least one request");
        }
        Batch batch = new Batch(operations);
        java.io.ByteArrayOutputStream datagram = new java.io.ByteArrayOutputStream(512);
        for (int i = 0; i < reqs.size(); i++) {
            int s = nextSeq();
            batch.expect(i, s);
            datagram.writeBytes(reqs.get(i).build(s)); // each message's length is a multiple of 4
        }
        send(datagram.toByteArray());
        while (!batch.complete()) {
            for (Message m : receiveBatch()) {
                batch.accept(m);
            }
        }
        return batch.replies();
    }

    /** Sends a dump request and returns every message until NLMSG_DONE. */
    public synchronized List<Message> dump(MessageBuilder req, String operation) {
        return exchange(req, operation);
    }

    /**
     * A dump with strict checking on for its duration, so that the kernel applies the filters in
     * the request's header (the link index of an address dump, say). Other requests keep the
     * lenient mode, where the kernel ignores header fields it would reject in strict mode. Where
     * the kernel lacks the option (before 4.20), a plain dump.
     */
    public synchronized List<Message> strictDump(MessageBuilder req, String operation) {
        ensureOpen();
        try {
            Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Nl.NETLINK_GET_STRICT_CHK, 1);
        } catch (SyscallException e) {
            return exchange(req, operation);
        }
        try {
            return exchange(req, operation);
        } finally {
            Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Nl.NETLINK_GET_STRICT_CHK, 0);
        }
    }

    private List<Message> exchange(MessageBuilder req, String operation) {
        ensureOpen();
        int s = nextSeq();
        send(req.build(s));
        ReplyCollector reply = new ReplyCollector(s, operation);
        while (true) {
            for (Message m : receiveBatch()) {
                if (reply.accept(m)) {
                    return reply.messages();
                }
            }
        }
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x7fffffff;
        return seq == 0 ? (seq = 1) : seq;
    }

    private void send(byte[] msg) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(msg.length);
            MemorySegment.copy(msg, 0, seg, ValueLayout.JAVA_BYTE, 0, msg.length);
            Libc.sendToKernel(fd, seg, msg.length, KERNEL);
        } catch (SyscallException e) {
            throw NetlinkException.of(e);
        }
    }

    /** Blocks for the next datagram and splits it into messages. */
    public List<Message> receiveBatch() {
        ensureOpen();
        long n;
        while (true) {
            try {
                n = Libc.recv(fd, recvBuf, 0);
                break;
            } catch (SyscallException e) {
                if (e.errno() == Errno.EINTR) {
                    continue;
                }
                if (e.errno() == Errno.EAGAIN) {
                    return List.of(); // receive timeout
                }
                throw NetlinkException.of(e);
            }
        }
        byte[] data = recvBuf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        return Message.parseAll(data, (int) n);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
            // A subscription's buffer may still be in a recv on another thread: never reuse it.
            if (owned != null) {
                if (SPARE_BUFFERS.size() < MAX_SPARE_BUFFERS) {
                    SPARE_BUFFERS.offer(owned);
                } else {
                    try {
                        owned.arena().close();
                    } catch (IllegalStateException e) {
                        // a receive still runs on another thread (misuse): leak the buffer rather than free it under it
                    }
                }
            }
        }
    }

    /** Makes {@link #receiveBatch} give up after {@code millis} (for event loops that must stop). */
    public void receiveTimeout(int millis) {
        try {
            Libc.setsockoptTimeval(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, millis);
        } catch (SyscallException e) {
            throw NetlinkException.of(e);
        }
    }

    @Override
    public String toString() {
        return "NetlinkSocket[fd=" + fd + "]";
    }
}
