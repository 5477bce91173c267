package dev.weft.store.etcd;

import dev.weft.store.StoreException;
import dev.weft.store.Write;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * {@link dev.weft.store.Datastore#commit} on etcd. A batch goes out as one transaction when it fits
 * etcd's limits: at most {@link EtcdDatastore.TxnLimits#ops} operations (etcd's
 * {@code --max-txn-ops}, default 128; nested transactions do not help, etcd counts their operations
 * against the same budget) and at most {@link EtcdDatastore.TxnLimits#bytes} of keys and values
 * (below {@code --max-request-bytes}, default 1.5 MiB). A larger batch is cut into such
 * transactions, committed in order; when one fails, those already committed are undone from the
 * previous values etcd returned ({@code prevKv}), each key only if it still holds what this batch
 * wrote. So a batch is all or nothing, except when the process dies between two of its transactions
 * (re-running the same batch then completes it), and readers may see the first transactions before
 * the last.
 */
final class EtcdBatch {
    /** Protobuf framing per operation, counted with the key and value against {@link EtcdDatastore.TxnLimits#bytes}. */
    private static final int OP_OVERHEAD = 32;

    /** What one write replaced, to undo it: the key's previous entry, or none. */
    private record Undo(String key, boolean deleted, Optional<KeyValue> previous, long revision) {
    }

    private final KV kv;
    private final EtcdDatastore.TxnLimits limits;

    EtcdBatch(KV kv, EtcdDatastore.TxnLimits limits) {
        this.kv = kv;
        this.limits = limits;
    }

    /** Commits {@code writes} (keys unique); returns the revision of the last transaction, or -1 for none. */
    long commit(List<Write> writes) {
        List<List<Write>> txns = chunks(writes);
        List<Undo> done = new ArrayList<>();
        long revision = -1;
        for (int i = 0; i < txns.size(); i++) {
            try {
                TxnResponse r = EtcdDatastore.await(kv.txn().Then(ops(txns.get(i))).commit(), "commit of " + writes.size() + " writes");
                revision = r.getHeader().getRevision();
                done.addAll(undos(txns.get(i), r, revision));
            } catch (StoreException e) {
                throw undo(done, e, i, txns.size());
            }
        }
        return revision;
    }

    /** Consecutive runs of writes that fit one transaction each; a write larger than the limit goes alone. */
    List<List<Write>> chunks(List<Write> writes) {
        List<List<Write>> out = new ArrayList<>();
        List<Write> cur = new ArrayList<>();
        long bytes = 0;
        int maxOps = limits.ops();
        for (Write w : writes) {
            long size = size(w);
            if (!cur.isEmpty() && (cur.size() == maxOps || bytes + size > limits.bytes())) {
                out.add(cur);
                cur = new ArrayList<>();
                bytes = 0;
            }
            cur.add(w);
            bytes += size;
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static long size(Write w) {
        return w.key().length() * 3L + OP_OVERHEAD + (w instanceof Write.Put p ? p.value().length : 0);
    }

    private static Op[] ops(List<Write> txn) {
        return txn.stream().map(EtcdBatch::op).toArray(Op[]::new);
    }

    private static Op op(Write w) {
        return switch (w) {
            case Write.Put p -> Op.put(bytes(p.key()), ByteSequence.from(p.value()), PutOption.builder().withPrevKV().build());
            case Write.Delete d -> Op.delete(bytes(d.key()), DeleteOption.builder().withPrevKV(true).build());
        };
    }

    /** Pairs each write with its response (responses come grouped by kind, each kind in order). */
    private static List<Undo> undos(List<Write> txn, TxnResponse r, long revision) {
        List<Undo> out = new ArrayList<>();
        Iterator<io.etcd.jetcd.kv.PutResponse> puts = r.getPutResponses().iterator();
        Iterator<io.etcd.jetcd.kv.DeleteResponse> deletes = r.getDeleteResponses().iterator();
        for (Write w : txn) {
            if (w instanceof Write.Put) {
                var p = puts.next();
                out.add(new Undo(w.key(), false, p.hasPrevKv() ? Optional.of(p.getPrevKv()) : Optional.empty(), revision));
            } else {
                var d = deletes.next();
                if (!d.getPrevKvs().isEmpty()) {
                    out.add(new Undo(w.key(), true, Optional.of(d.getPrevKvs().getFirst()), revision));
                }
            }
        }
        return out;
    }

    /** Restores what the committed transactions replaced; the failure to report, with what could not be undone. */
    private StoreException undo(List<Undo> done, StoreException cause, int failed, int total) {
        String what = "transaction " + (failed + 1) + " of " + total + " failed: " + cause.getMessage();
        if (done.isEmpty()) {
            return new StoreException("commit failed, nothing was written: " + what, cause);
        }
        try {
            int per = limits.ops() / 2; // each guarded write is a nested transaction: two operations of etcd's budget
            for (int i = 0; i < done.size(); i += per) {
                Op[] guarded = done.subList(i, Math.min(i + per, done.size())).stream()
                        .map(EtcdBatch::restore).toArray(Op[]::new);
                EtcdDatastore.await(kv.txn().Then(guarded).commit(), "undo of a failed commit");
            }
        } catch (StoreException e) {
            e.addSuppressed(cause);
            return new StoreException("commit failed and undoing its first " + failed + " transaction(s) failed too, so up to "
                    + done.size() + " keys keep the batch's values (re-run it to complete it): " + what + "; undo: " + e.getMessage(), e);
        }
        return new StoreException("commit failed, its first " + failed + " transaction(s) were undone: " + what, cause);
    }

    /** Puts back the previous entry (or deletes the new one), only where this batch's write is still there. */
    private static Op restore(Undo u) {
        Cmp stillOurs = u.deleted()
                ? new Cmp(bytes(u.key()), Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(bytes(u.key()), Cmp.Op.EQUAL, CmpTarget.modRevision(u.revision()));
        Op back = u.previous()
                .<Op>map(kv -> Op.put(kv.getKey(), kv.getValue(), kv.getLease() == 0 ? PutOption.DEFAULT
                        : PutOption.builder().withLeaseId(kv.getLease()).build()))
                .orElseGet(() -> Op.delete(bytes(u.key()), DeleteOption.DEFAULT));
        return Op.txn(new Cmp[] {stillOurs}, new Op[] {back}, new Op[0]);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
