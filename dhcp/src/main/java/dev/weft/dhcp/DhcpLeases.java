package dev.weft.dhcp;

import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.lease.LeaseStore;
import dev.weft.dhcp.lease.PersistedLease;
import dev.weft.dhcp.transport.KernelNetwork;
import dev.weft.dhcp.transport.Network;
import dev.weft.net.MacAddress;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The long-lived holder of DHCP leases (the node agent or {@code weft dhcp daemon}): acquires a
 * lease per attachment, persists it, renews it on its own threads, releases it at DEL, and on
 * start resumes every lease a previous instance held. Thread-safe. See the package notes.
 */
public final class DhcpLeases implements LeaseHolder, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DhcpLeases.class.getName());
    /** Past the client's own timeout, how long a caller waits before giving up on a stuck session. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    final Network network;
    final InstantSource clock;
    final RandomGenerator random;
    final ScheduledExecutorService timers;
    final ExecutorService receivers;
    private final LeaseStore store;
    private final Duration resumeTimeout;
    private final Map<Attachment, LeaseSession> sessions = new ConcurrentHashMap<>();
    /** Serialises ADD, DEL and renewals of one attachment (a runtime may retry an ADD while one runs). */
    private final Map<Attachment, Object> locks = new ConcurrentHashMap<>();

    /** A manager over {@code store} with the given system access; {@link #open} wires the real one. */
    public DhcpLeases(LeaseStore store, Network network, InstantSource clock, RandomGenerator random,
                      Duration resumeTimeout) {
        this.store = store;
        this.network = network;
        this.clock = clock;
        this.random = random;
        this.resumeTimeout = resumeTimeout;
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("weft-dhcp-timer").unstarted(r));
        t.setRemoveOnCancelPolicy(true);
        this.timers = t;
        // Platform threads: a receiver blocks in poll(2) through FFM, which would pin a virtual thread's carrier.
        this.receivers = Executors.newCachedThreadPool(
                r -> Thread.ofPlatform().daemon().name("weft-dhcp-recv-" + n.incrementAndGet()).unstarted(r));
    }

    /** The real manager on {@code stateDir}, resuming every persisted lease in the background. */
    public static DhcpLeases open(Path stateDir) {
        DhcpLeases leases = new DhcpLeases(stored(() -> new LeaseStore(stateDir)), new KernelNetwork(),
                InstantSource.system(), new SecureRandom(), dev.weft.dhcp.client.ClientConfig.DEFAULT_TIMEOUT);
        leases.resumeAll();
        return leases;
    }

    /**
     * The attachment's lease: the one it holds (a repeated ADD), or a new one from a server within
     * {@code timeout}, persisted before it is returned. Throws {@link DhcpException}: TIMEOUT when
     * no server granted a lease, NO_INTERFACE when the namespace or interface is missing.
     */
    @Override
    public Lease acquire(Attachment attachment, String netns, ClientOptions options, Duration timeout) {
        synchronized (lock(attachment)) {
            return acquireLocked(attachment, netns, options, timeout);
        }
    }

    private Lease acquireLocked(Attachment attachment, String netns, ClientOptions options, Duration timeout) {
        LeaseSession existing = sessions.get(attachment);
        if (existing != null && existing.netns.equals(netns)) {
            Optional<Lease> held = existing.usableLease();
            if (held.isPresent()) {
                return held.get();
            }
        }
        if (existing != null) {
            existing.stop("another ADD for " + attachment + " replaced this one");
            sessions.remove(attachment, existing);
        }
        MacAddress mac = network.prepare(netns, attachment.ifName());
        LeaseSession session = new LeaseSession(this, attachment, netns, options, mac, timeout);
        sessions.put(attachment, session);
        try {
            return await(session.acquire(null), timeout, attachment);
        } catch (RuntimeException e) {
            session.stop("the acquisition for " + attachment + " failed");
            sessions.remove(attachment, session);
            throw e;
        }
    }

    /**
     * Releases the attachment's lease (DHCPRELEASE to its server) and forgets it. Idempotent: an
     * attachment without lease is fine. Returns whether a RELEASE was sent.
     */
    @Override
    public boolean release(Attachment attachment) {
        Object lock = lock(attachment);
        synchronized (lock) {
            LeaseSession session = sessions.remove(attachment);
            boolean sent = session != null && session.release();
            stored(() -> store.delete(attachment));
            locks.remove(attachment, lock); // a DEL ends the attachment: keep no lock for it
            return sent;
        }
    }

    /**
     * The attachment's lease if the container may use it (CHECK): bound, renewing, rebinding, or
     * being confirmed after a restart and not expired; otherwise a {@link DhcpException} NOT_BOUND.
     */
    @Override
    public Lease check(Attachment attachment) {
        LeaseSession session = sessions.get(attachment);
        if (session == null) {
            throw new DhcpException(DhcpException.Reason.NOT_BOUND, "no DHCP lease for " + attachment);
        }
        return session.usableLease().orElseThrow(() -> new DhcpException(DhcpException.Reason.NOT_BOUND,
                "the DHCP lease of " + attachment + " is not bound (" + session.describeState() + ")"));
    }

    /** Renews now instead of at T1 and returns the renewed lease (operators, tests). */
    @Override
    public Lease renewNow(Attachment attachment, Duration timeout) {
        LeaseSession session = sessions.get(attachment);
        if (session == null) {
            throw new DhcpException(DhcpException.Reason.NOT_BOUND, "no DHCP lease for " + attachment);
        }
        return await(session.renewNow(), timeout, attachment);
    }

    /** The attachment's usable lease (as {@link #check} defines it), if any. */
    @Override
    public Optional<Lease> lease(Attachment attachment) {
        LeaseSession session = sessions.get(attachment);
        return session == null ? Optional.empty() : session.usableLease();
    }

    /** The attachments this manager keeps leases for. */
    @Override
    public List<Attachment> attachments() {
        return List.copyOf(sessions.keySet());
    }

    /**
     * Resumes every persisted lease not already held: INIT-REBOOT for each, in the background
     * (returns at once). A lease whose namespace or interface is gone is forgotten.
     */
    public void resumeAll() {
        for (PersistedLease p : stored(store::all)) {
            if (sessions.containsKey(p.attachment())) {
                continue;
            }
            MacAddress mac;
            try {
                mac = network.prepare(p.netns(), p.attachment().ifName());
            } catch (DhcpException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: not resuming: {1}; forgetting its lease",
                        p.attachment(), e.getMessage());
                stored(() -> store.delete(p.attachment()));
                continue;
            }
            LeaseSession session = new LeaseSession(this, p.attachment(), p.netns(), p.options(), mac, resumeTimeout);
            sessions.put(p.attachment(), session);
            session.resume(p.lease());
        }
    }

    /** Stops renewing without releasing: the leases stay persisted for the next instance. */
    @Override
    public void close() {
        sessions.values().forEach(s -> s.stop("the DHCP manager stopped"));
        sessions.clear();
        timers.shutdownNow();
        receivers.shutdown();
        try {
            receivers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object lock(Attachment attachment) {
        return locks.computeIfAbsent(attachment, k -> new Object());
    }

    void persist(LeaseSession session, Lease lease) {
        if (sessions.get(session.attachment) == session) {
            PersistedLease p = new PersistedLease(session.attachment, session.netns, session.options, lease);
            stored(() -> {
                store.save(p);
                return p;
            });
        }
    }

    void abandon(LeaseSession session, String why) {
        synchronized (lock(session.attachment)) {
            if (sessions.get(session.attachment) == session) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1}; forgetting its lease", session.attachment, why);
                session.stop(session.attachment + ": " + why);
                stored(() -> store.delete(session.attachment));
                sessions.remove(session.attachment, session);
            }
        }
    }

    /** The store's unchecked failures as a {@link DhcpException} with reason STORE. */
    private static <T> T stored(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new DhcpException(DhcpException.Reason.STORE, e.getMessage(), e);
        }
    }

    private static Lease await(CompletableFuture<Lease> result, Duration timeout, Attachment attachment) {
        try {
            return result.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DhcpException(DhcpException.Reason.TIMEOUT, "no answer for " + attachment + " within "
                    + timeout.plus(GRACE).toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DhcpException(DhcpException.Reason.TIMEOUT, "interrupted waiting for " + attachment, e);
        }
    }
}
