package dev.weft.node.policy;

import dev.weft.node.metrics.NodeMetrics;
import dev.weft.node.reconcile.Wakeup;
import dev.weft.cluster.Inventory;
import dev.weft.nft.Nft;
import dev.weft.nft.NftException;
import dev.weft.policy.compile.NftScript;
import dev.weft.policy.compile.PolicyCompiler;
import dev.weft.policy.compile.Ruleset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps this node's policy table in step with the datastore; see the package notes. */
public final class PolicyEnforcer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PolicyEnforcer.class.getName());
    private static final Path BR_NF = Path.of("/proc/sys/net/bridge");

    private final Inventory inventory;
    private final Snapshots snapshots;
    private final PodPublisher publisher;
    private final Nft nft;
    private final String node;
    private final Duration resync;
    private final Thread thread;
    private final Wakeup wakeup = new Wakeup();
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running = true;
    /** Round sequence numbers: the last one started, the last one that applied its ruleset. */
    private final Object progress = new Object();
    private long started;
    private long enforced;
    private Ruleset last;
    private AutoCloseable watch;
    private PodNamespaceTables podTables;
    private DropLog dropLog;
    private FastPathTable fastPath;
    private BpfFastPath bpfFastPath;
    /** Leftovers of a fast path this agent does not keep (a previous agent's), removed before the first round's policy. */
    private boolean sweepEbpf;
    private boolean sweepNftTable;
    private volatile PolicyHealth health = PolicyHealth.NONE;
    private final NodeMetrics metrics;

    public PolicyEnforcer(Inventory inventory, PodPublisher publisher, Nft nft, String node, Duration resync) {
        this(inventory, publisher, nft, node, resync, NodeMetrics.unserved());
    }

    /** As {@link #PolicyEnforcer(Inventory, PodPublisher, Nft, String, Duration)}, counting rounds and applies into {@code metrics}. */
    public PolicyEnforcer(Inventory inventory, PodPublisher publisher, Nft nft, String node, Duration resync,
                          NodeMetrics metrics) {
        this.metrics = metrics;
        this.inventory = inventory;
        this.snapshots = new Snapshots(inventory);
        this.publisher = publisher;
        this.nft = nft;
        this.node = node;
        this.resync = resync;
        this.thread = Thread.ofPlatform().daemon().name("weft-agent-policy").unstarted(this::loop);
    }

    /**
     * Enforces in each local pod's own namespace instead of the node's table (underlay pods,
     * whose traffic never crosses the node's stack); call before {@link #start}.
     */
    public PolicyEnforcer inPodNamespaces(PodNamespaceTables tables) {
        this.podTables = tables;
        return this;
    }

    /**
     * Logs what the pod chains drop to {@code log} (which then resolves records against each
     * round's snapshot); without it the chains drop without logging. Call before {@link #start};
     * closed with the enforcer.
     */
    public PolicyEnforcer logDrops(DropLog log) {
        this.dropLog = log;
        return this;
    }

    /**
     * Keeps the fast path for the pods no policy isolates, from the kernel's routes {@code routes}
     * reads, with each round's policy changes: {@link FastPathMode#EBPF} the eBPF programs
     * ({@link FastPathPrograms}) when the kernel loads them, otherwise (or when it does not) the
     * nftables table ({@link dev.weft.policy.compile.FastPath}); {@link FastPathMode#OFF} none.
     * Whatever a previous agent kept of the fast paths not chosen is removed before the first
     * round's policy is applied: left in place, it would still carry pods that policy now isolates.
     * Call before {@link #start}.
     */
    public PolicyEnforcer fastPath(java.util.function.Supplier<dev.weft.policy.compile.FastPathRoutes> routes, FastPathMode mode) {
        this.bpfFastPath = mode == FastPathMode.EBPF ? BpfFastPath.load(routes, node).orElse(null) : null;
        this.fastPath = bpfFastPath == null && mode != FastPathMode.OFF ? new FastPathTable(routes, node) : null;
        this.sweepEbpf = bpfFastPath == null;
        this.sweepNftTable = mode == FastPathMode.OFF || bpfFastPath != null;
        return this;
    }

    /** Whether the eBPF fast path's map holds {@code ip} now (tests; false without the eBPF fast path). */
    boolean ebpfCarries(dev.weft.net.IpAddress ip) {
        return bpfFastPath != null && bpfFastPath.carries(ip);
    }

    /** Which fast path this enforcer keeps: "ebpf", "nftables" or "none". */
    public String fastPathKind() {
        return bpfFastPath != null ? "ebpf" : fastPath != null ? "nftables" : "none";
    }

    /**
     * Turns on {@code br_netfilter}'s hooks in this namespace, enforces once synchronously (so a
     * restarted agent replaces the table before serving), then keeps at it.
     */
    public PolicyEnforcer start() {
        if (podTables == null) {
            bridgeNetfilter();
        }
        return startLoop();
    }

    /** {@link #start} without touching sysctls: the first round, the watch and the loop. */
    PolicyEnforcer startLoop() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "first policy round failed; retrying", e);
        }
        watch = inventory.watch(this::wake);
        thread.start();
        return this;
    }

    public void wake() {
        wakeup.wake();
    }

    /**
     * Wakes the loop and waits until a round that began after this call has applied its
     * ruleset, so that what was recorded before the call (a pod the weft plugin just attached)
     * is enforced. Rounds already queued serve several callers at once. False when none
     * succeeded within {@code timeout}.
     */
    public boolean enforceNow(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target;
        synchronized (progress) {
            target = started + 1;
        }
        wakeup.wake();
        synchronized (progress) {
            while (enforced < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void loop() {
        while (running) {
            boolean woken;
            try {
                woken = wakeup.await(resync.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            try {
                round(!woken);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "policy round failed; the next one replaces the table", e);
                last = null;
            }
        }
    }

    /** How the rounds have gone so far (for the agent's status file). */
    public PolicyHealth health() {
        return health;
    }

    /** One round: publish local pods, compile, apply the difference (or the whole table). */
    public void round() {
        round(true);
    }

    /**
     * One round; {@code checkTable}: also make sure the table is still there (someone may have
     * flushed the ruleset), which costs an {@code nft list} and so is done on periodic rounds only.
     * A diff applied to a vanished table fails and replaces it whole anyway.
     */
    private synchronized void round(boolean checkTable) {
        long seq;
        synchronized (progress) {
            seq = ++started;
        }
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            apply(checkTable);
            ok = true;
            health = health.succeeded(System.currentTimeMillis());
        } catch (RuntimeException e) {
            health = health.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        } finally {
            metrics.recordRound("policy", ok, System.nanoTime() - t0);
        }
        synchronized (progress) {
            enforced = seq;
            progress.notifyAll();
        }
    }

    private void apply(boolean checkTable) {
        publisher.sync();
        if (podTables != null) {
            if (podTables.apply(snapshots.read(), publisher.local(), checkTable) > 0) {
                applied.incrementAndGet();
            }
            return;
        }
        dev.weft.policy.ClusterSnapshot snapshot = snapshots.read();
        Ruleset now = PolicyCompiler.ruleset(snapshot, node,
                java.util.Optional.ofNullable(dropLog).map(DropLog::settings));
        boolean whole = last == null || checkTable && nft.listJson("table inet " + PolicyCompiler.TABLE).isEmpty();
        NftScript script = whole ? PolicyCompiler.full(now) : PolicyCompiler.diff(last, now);
        java.util.Optional<NftScript> fast = fastPath == null ? java.util.Optional.empty() : fastPath.next(snapshot, whole);
        sweepLeftoverFastPaths();
        if (bpfFastPath != null) {
            applyWithBpfFastPath(snapshot, whole, now, script);
        } else if (fast.isEmpty()) {
            if (!script.isEmpty()) {
                applyPolicy(whole, now, script);
            }
        } else {
            applyWithFastPath(whole, now, script, fast.get());
        }
        metrics.recordRuleset(now.ruleCount(), now.elementCount());
        last = now;
        if (dropLog != null) {
            dropLog.update(snapshot);
        }
    }

    /**
     * The round's policy changes and the fast path's new table in one transaction; if the kernel
     * refuses it, each alone: the policy as {@link #applyPolicy} does, then the table, which is
     * removed instead if refused again.
     */
    private void applyWithFastPath(boolean whole, Ruleset now, NftScript script, NftScript fast) {
        long t0 = System.nanoTime();
        try {
            nft.apply(new dev.weft.nft.Transaction().append(script.transaction()).append(fast.transaction()));
            fastPath.applied(fast);
            if (!script.isEmpty()) {
                metrics.recordPolicyApply(whole, System.nanoTime() - t0);
                applied.incrementAndGet();
            }
            return;
        } catch (NftException e) {
            LOG.log(System.Logger.Level.WARNING, "policy changes with the fast path did not apply; one by one", e);
        }
        if (!script.isEmpty()) {
            applyPolicy(whole, now, script);
        }
        try {
            nft.apply(fast.transaction());
            fastPath.applied(fast);
        } catch (NftException e) {
            fastPath.refused(fast, e);
            try {
                nft.apply(dev.weft.policy.compile.FastPath.removal().transaction());
            } catch (NftException gone) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove the fast path table", gone);
            }
        }
    }

    /** Once, before the first round's policy: the fast paths a previous agent kept that this one does not. */
    private void sweepLeftoverFastPaths() {
        if (sweepEbpf) {
            BpfFastPath.detachAll(p -> false);
            sweepEbpf = false;
        }
        if (sweepNftTable) {
            nft.apply(dev.weft.policy.compile.FastPath.removal().transaction());
            sweepNftTable = false;
        }
    }

    /**
     * The round's policy changes between the eBPF fast path's two halves: pods that stop being fast
     * leave the maps before, pods that become fast join after (an nftables fast path table a previous
     * agent left, which would otherwise still carry isolated pods, went in {@link #sweepLeftoverFastPaths}).
     */
    private void applyWithBpfFastPath(dev.weft.policy.ClusterSnapshot snapshot, boolean whole, Ruleset now, NftScript script) {
        BpfFastPath.Round round = bpfFastPath.round(snapshot);
        round.withdraw();
        if (!script.isEmpty()) {
            applyPolicy(whole, now, script);
        }
        round.admit();
    }

    /** Applies the round's changes; a diff that fails is replaced by the whole table. */
    private void applyPolicy(boolean whole, Ruleset now, NftScript script) {
        long t0 = System.nanoTime();
        try {
            nft.apply(script.transaction());
            metrics.recordPolicyApply(whole, System.nanoTime() - t0);
        } catch (NftException e) {
            if (whole) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "policy diff did not apply; replacing the table", e);
            long t1 = System.nanoTime();
            nft.apply(PolicyCompiler.full(now).transaction());
            metrics.recordPolicyApply(true, System.nanoTime() - t1);
        }
        applied.incrementAndGet();
    }

    /** Transactions applied so far. */
    public long applied() {
        return applied.get();
    }

    /** Same-node pod traffic is bridged: let the inet hooks see it (per-namespace sysctls). */
    private static void bridgeNetfilter() {
        if (!Files.isDirectory(BR_NF)) {
            LOG.log(System.Logger.Level.WARNING, "br_netfilter is not loaded: policy cannot see traffic between pods "
                    + "on the same node (load it with `modprobe br_netfilter`)");
            return;
        }
        for (String key : new String[] {"bridge-nf-call-iptables", "bridge-nf-call-ip6tables"}) {
            Path p = BR_NF.resolve(key);
            try {
                if (!Files.readString(p).strip().equals("1")) {
                    Files.writeString(p, "1");
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot turn on " + p, e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (dropLog != null) {
            dropLog.close();
        }
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "watch close failed", e);
            }
        }
        if (bpfFastPath != null) {
            try {
                if (thread.isAlive()) {
                    thread.join(java.time.Duration.ofSeconds(5)); // its round may be using the descriptors
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!thread.isAlive()) {
                bpfFastPath.close();
            }
        }
    }
}
