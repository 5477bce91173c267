package dev.weft.netlink.socket;

import dev.weft.netlink.codec.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * The replies to several requests sent in one datagram ({@link NetlinkSocket#requestAll}): one
 * {@link ReplyCollector} per request, messages routed by sequence number, each request's error
 * kept beside the others' replies. A pure state machine, tested without a socket.
 */
final class Batch {
    private final List<String> operations;
    private final int[] seqs;
    private final ReplyCollector[] collectors;
    private final NetlinkException[] errors;
    private final List<List<Message>> replies;
    private int pending;

    Batch(List<String> operations) {
        this.operations = operations;
        int n = operations.size();
        this.seqs = new int[n];
        this.collectors = new ReplyCollector[n];
        this.errors = new NetlinkException[n];
        this.replies = new ArrayList<>(java.util.Collections.nCopies(n, List.of()));
        this.pending = n;
    }

    /** Request {@code i} went out with sequence number {@code seq}. */
    void expect(int i, int seq) {
        seqs[i] = seq;
        collectors[i] = new ReplyCollector(seq, operations.get(i));
    }

    /** Takes the next received message; one of no request of this batch is skipped. */
    void accept(Message m) {
        for (int i = 0; i < seqs.length; i++) {
            if (seqs[i] == m.seq() && collectors[i] != null) {
                try {
                    if (collectors[i].accept(m)) {
                        replies.set(i, collectors[i].messages());
                        finish(i);
                    }
                } catch (NetlinkException e) {
                    errors[i] = e;
                    finish(i);
                }
                return;
            }
        }
    }

    private void finish(int i) {
        collectors[i] = null;
        pending--;
    }

    /** Every request has its ACK, its DONE or its error. */
    boolean complete() {
        return pending == 0;
    }

    /** Each request's reply or error, in request order. */
    List<Reply> replies() {
        if (!complete()) {
            throw new IllegalStateException(pending + " of " + seqs.length + " replies are missing");
        }
        List<Reply> out = new ArrayList<>(seqs.length);
        for (int i = 0; i < seqs.length; i++) {
            out.add(new Reply(replies.get(i), errors[i]));
        }
        return out;
    }
}
