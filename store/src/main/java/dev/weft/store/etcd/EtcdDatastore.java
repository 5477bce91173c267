package dev.weft.store.etcd;

import dev.weft.store.Datastore;
import dev.weft.store.Entry;
import dev.weft.store.Guard;
import dev.weft.store.StoreException;
import dev.weft.store.WatchEvent;
import dev.weft.store.Write;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** {@link Datastore} on an etcd cluster. */
public final class EtcdDatastore implements Datastore {
    private static final long TIMEOUT_SECONDS = 10;

    /**
     * etcd's transaction limits as this client assumes them ({@code --max-txn-ops}, and a byte budget
     * for keys and values below {@code --max-request-bytes}); a batch within them is one transaction.
     * Raise them together with the server's flags.
     */
    public record TxnLimits(int ops, int bytes) {
        public static final TxnLimits ETCD_DEFAULTS = new TxnLimits(128, 1 << 20);

        public TxnLimits {
            if (ops < 2 || bytes < 1) {
                throw new IllegalArgumentException("ops must be at least 2 and bytes positive: " + ops + ", " + bytes);
            }
        }
    }

    private final Client client;
    private final EtcdBatch batch;

    /** {@code endpoints} like {@code http://127.0.0.1:2379}. */
    public EtcdDatastore(List<String> endpoints) {
        this(endpoints, TxnLimits.ETCD_DEFAULTS);
    }

    public EtcdDatastore(List<String> endpoints, TxnLimits limits) {
        this.client = Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
        this.batch = new EtcdBatch(client.getKVClient(), limits);
    }

    /** Parses {@code etcd://host:port[,host:port...]}. */
    public static EtcdDatastore fromUrl(String url) {
        if (!url.startsWith("etcd://")) {
            throw new IllegalArgumentException("datastore URL must start with etcd://, not \"" + url + "\"");
        }
        return new EtcdDatastore(java.util.Arrays.stream(url.substring(7).split(","))
                .map(h -> "http://" + h).toList());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreException("etcd " + what + " failed: " + e.getMessage(), e);
        }
    }

    private static Entry entry(KeyValue kv) {
        return new Entry(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getLease());
    }

    @Override
    public Optional<Entry> get(String key) {
        return await(client.getKVClient().get(bytes(key)), "get " + key).getKvs().stream().findFirst()
                .map(EtcdDatastore::entry);
    }

    @Override
    public List<Entry> list(String prefix) {
        GetOption opt = GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND).build();
        return await(client.getKVClient().get(bytes(prefix), opt), "list " + prefix).getKvs().stream()
                .map(EtcdDatastore::entry).toList();
    }

    private static Optional<Cmp> compare(String key, long expected) {
        if (expected == ANY) {
            return Optional.empty();
        }
        if (expected == ABSENT) {
            return Optional.of(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0)));
        }
        return Optional.of(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(expected)));
    }

    @Override
    public Optional<Long> put(String key, byte[] value, long expectedModRevision, long lease) {
        PutOption opt = lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
        var txn = client.getKVClient().txn();
        compare(key, expectedModRevision).ifPresent(c -> txn.If(c));
        TxnResponse r = await(txn.Then(Op.put(bytes(key), ByteSequence.from(value), opt)).commit(), "put " + key);
        return r.isSucceeded() ? Optional.of(r.getHeader().getRevision()) : Optional.empty();
    }

    @Override
    public boolean delete(String key, long expectedModRevision) {
        var txn = client.getKVClient().txn();
        compare(key, expectedModRevision).ifPresent(c -> txn.If(c));
        TxnResponse r = await(txn.Then(Op.delete(bytes(key), DeleteOption.DEFAULT)).commit(), "delete " + key);
        return r.isSucceeded() && !r.getDeleteResponses().isEmpty() && r.getDeleteResponses().getFirst().getDeleted() > 0;
    }

    /** One transaction within {@link TxnLimits}, else several, undone on failure: see {@link EtcdBatch}. */
    @Override
    public long commit(List<Write> writes) {
        List<Write> checked = Write.checked(writes);
        long rev = checked.isEmpty() ? -1 : batch.commit(checked);
        return rev < 0 ? revision() : rev;
    }

    /** One transaction: the guards as its comparisons, the writes as its success branch. */
    @Override
    public Optional<Long> commitIf(List<Guard> guards, List<Write> writes) {
        List<Write> checked = Guard.checked(guards, writes);
        Cmp[] cmps = guards.stream().map(g -> compare(g.key(), g.expectedModRevision()).orElseThrow()).toArray(Cmp[]::new);
        Op[] ops = checked.stream().map(EtcdDatastore::op).toArray(Op[]::new);
        TxnResponse r = await(client.getKVClient().txn().If(cmps).Then(ops).commit(),
                "guarded commit of " + checked.size() + " writes");
        return r.isSucceeded() ? Optional.of(r.getHeader().getRevision()) : Optional.empty();
    }

    private static Op op(Write w) {
        return switch (w) {
            case Write.Put p -> Op.put(bytes(p.key()), ByteSequence.from(p.value()), PutOption.DEFAULT);
            case Write.Delete d -> Op.delete(bytes(d.key()), DeleteOption.DEFAULT);
        };
    }

    @Override
    public long grantLease(Duration ttl) {
        return await(client.getLeaseClient().grant(Math.max(1, ttl.toSeconds())), "grant lease").getID();
    }

    @Override
    public boolean renewLease(long lease) {
        try {
            return client.getLeaseClient().keepAliveOnce(lease).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getTTL() > 0;
        } catch (ExecutionException e) {
            return false; // etcd answers "lease not found" for an expired lease
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted renewing lease", e);
        } catch (TimeoutException e) {
            throw new StoreException("etcd renew lease timed out", e);
        }
    }

    @Override
    public void revokeLease(long lease) {
        await(client.getLeaseClient().revoke(lease), "revoke lease");
    }

    @Override
    public long revision() {
        return await(client.getKVClient().get(bytes("\0")), "revision").getHeader().getRevision();
    }

    @Override
    public AutoCloseable watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        WatchOption opt = WatchOption.builder().isPrefix(true).withRevision(afterRevision + 1).withPrevKV(true).build();
        return client.getWatchClient().watch(bytes(prefix), opt, resp -> resp.getEvents().forEach(e -> {
            boolean put = e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.PUT;
            KeyValue kv = e.getKeyValue();
            Entry entry = put || e.getPrevKV() == null || e.getPrevKV().getKey().isEmpty()
                    ? entry(kv) : entry(e.getPrevKV());
            listener.accept(new WatchEvent(put ? WatchEvent.Type.PUT : WatchEvent.Type.DELETE, entry, kv.getModRevision()));
        }));
    }

    @Override
    public void close() {
        client.close();
    }
}
