package dev.weft.netlink.socket;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.Nl;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply side of one request, as a pure state machine fed message by message: it keeps the
 * answers that carry the request's sequence number, skips stale ones (the rest of an earlier,
 * abandoned exchange), ends on the ACK or {@code NLMSG_DONE}, and turns {@code NLMSG_ERROR} and
 * {@code NLM_F_DUMP_INTR} into exceptions. Tested without a socket.
 */
final class ReplyCollector {
    private final int seq;
    private final String operation;
    private final List<Message> messages = new ArrayList<>();
    private boolean interrupted;
    private boolean done;
    private int stale;

    ReplyCollector(int seq, String operation) {
        this.seq = seq;
        this.operation = operation;
    }

    /** Takes the next received message; true once the reply is complete. */
    boolean accept(Message m) {
        if (done) {
            throw new IllegalStateException("reply to " + operation + " is already complete");
        }
        if (m.seq() != seq) {
            stale++;
            return false;
        }
        if ((m.flags() & Nl.F_DUMP_INTR) != 0) {
            interrupted = true;
        }
        switch (m.type()) {
            case Nl.NLMSG_ERROR -> {
                int err = m.payload().length >= 4 ? -m.buffer().getInt(0) : 0;
                if (err != 0) {
                    throw NetlinkException.of(operation, err, extAck(m));
                }
                done = true;
            }
            case Nl.NLMSG_DONE -> {
                int err = m.payload().length >= 4 ? -m.buffer().getInt(0) : 0;
                if (err != 0) {
                    throw NetlinkException.of(operation, err, extAck(m));
                }
                done = true;
            }
            case Nl.NLMSG_NOOP -> {
                // nothing to keep
            }
            default -> messages.add(m);
        }
        if (done && interrupted) {
            throw new NetlinkException.DumpInterruptedException(operation);
        }
        return done;
    }

    /** The answers before the ACK or DONE (a GET's reply, a dump's entries). */
    List<Message> messages() {
        return List.copyOf(messages);
    }

    /** How many messages of other exchanges were skipped. */
    int stale() {
        return stale;
    }

    /** The kernel's extended-ack message (NLMSGERR_ATTR_MSG) of an error or DONE, or {@code null}. */
    static String extAck(Message m) {
        if ((m.flags() & Nl.F_ACK_TLVS) == 0) {
            return null;
        }
        ByteBuffer b = m.buffer();
        int tlvStart;
        if (m.type() == Nl.NLMSG_DONE) {
            tlvStart = 4;
        } else {
            int origLen = b.getInt(4);
            tlvStart = 4 + ((m.flags() & Nl.F_CAPPED) != 0 ? Nl.NLMSG_HDRLEN : Nl.align(origLen));
        }
        if (tlvStart > m.payload().length) {
            return null;
        }
        return Attrs.parse(m.payload(), tlvStart, m.payload().length).string(Nl.NLMSGERR_ATTR_MSG).orElse(null);
    }
}
