package dev.weft.netlink.nflog;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;
import dev.weft.netlink.sys.Errno;

import java.util.ArrayList;
import java.util.List;

/**
 * A receiver of one NFLOG group: a NETLINK_NETFILTER socket bound to the group in the namespace
 * it was opened in (the packets of that namespace's {@code log group} rules come to it). One
 * thread calls {@link #receive}; {@link #close} from another makes it return within the receive
 * timeout.
 */
public final class Nflog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Nflog.class.getName());
    private static final int RECEIVE_TIMEOUT_MS = 200;
    private final NetlinkSocket socket;
    private final int group;
    private long lost;
    private long malformed;

    private Nflog(NetlinkSocket socket, int group) {
        this.socket = socket;
        this.group = group;
    }

    /**
     * Binds {@code group} in the calling thread's namespace. Fails when the kernel lacks
     * nfnetlink_log or another socket holds the group (EBUSY).
     */
    public static Nflog open(int group) {
        NetlinkSocket s = NetlinkSocket.open(Nfulnl.NETLINK_NETFILTER, 0);
        try {
            for (MessageBuilder m : NflogCodec.bind(group)) {
                s.request(m, "NFLOG config of group " + group);
            }
            s.receiveTimeout(RECEIVE_TIMEOUT_MS);
            return new Nflog(s, group);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Binds {@code group} with a socket in {@code ns} (opened on a thread inside it). */
    public static Nflog open(NetNs ns, int group) {
        return ns.run(() -> open(group));
    }

    public int group() {
        return group;
    }

    /**
     * The records of the next datagram, or none after the receive timeout. Records the socket's
     * buffer could not hold (ENOBUFS) are counted in {@link #lost}; a record that does not decode
     * is counted in {@link #malformed} and skipped.
     */
    public List<NflogRecord> receive() {
        List<Message> batch = receiveMessages();
        List<NflogRecord> out = new ArrayList<>(batch.size());
        for (Message m : batch) {
            if (!NflogCodec.isPacket(m)) {
                continue;
            }
            try {
                out.add(NflogCodec.decode(m));
            } catch (IllegalArgumentException e) {
                malformed++;
                LOG.log(System.Logger.Level.DEBUG, "NFLOG record skipped", e);
            }
        }
        return out;
    }

    /** The next datagram's messages as received (tests keep them as golden bytes). */
    List<Message> receiveMessages() {
        try {
            return socket.receiveBatch();
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOBUFS) {
                lost++;
                return List.of();
            }
            throw e;
        }
    }

    /** How many times the kernel said records were lost (the socket's buffer overflowed). */
    public long lost() {
        return lost;
    }

    /** Records that did not decode. */
    public long malformed() {
        return malformed;
    }

    @Override
    public void close() {
        socket.close(); // the kernel unbinds the group with the socket
    }
}
