package dev.weft.dhcp;

import dev.weft.dhcp.client.ClientConfig;
import dev.weft.dhcp.client.ClientListener;
import dev.weft.dhcp.client.ClientState;
import dev.weft.dhcp.client.DhcpClient;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.client.Timer;
import dev.weft.dhcp.client.Transport;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.packet.DhcpCodec;
import dev.weft.dhcp.packet.DhcpDecodeException;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.transport.DhcpSocket;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives one attachment's {@link DhcpClient} with real time and a real socket: the client's
 * {@link Transport}, {@link Timer} and {@link ClientListener}. Every call into the client holds
 * this object's lock. The socket is opened on the first send of an exchange, a receiver thread
 * feeds replies to the client, and when no reply is awaited any more that thread closes the
 * socket (under the lock, so a send never meets a closed socket): a bound lease holds no socket,
 * no thread and no reference to the container's namespace until its next timer.
 */
final class LeaseSession implements Transport, Timer, ClientListener {
    private static final System.Logger LOG = System.getLogger(LeaseSession.class.getName());
    private static final Duration RECEIVE_SLICE = Duration.ofMillis(250);

    final Attachment attachment;
    final String netns;
    final ClientOptions options;
    private final DhcpLeases owner;
    private final DhcpClient client;
    private DhcpSocket socket;
    private ScheduledFuture<?> pending;
    private long timerGeneration;
    private CompletableFuture<Lease> waiter;
    private boolean closed;

    LeaseSession(DhcpLeases owner, Attachment attachment, String netns, ClientOptions options, MacAddress mac,
                 Duration timeout) {
        this.owner = owner;
        this.attachment = attachment;
        this.netns = netns;
        this.options = options;
        this.client = new DhcpClient(ClientConfig.of(mac, attachment.clientId(), options, timeout), this, this,
                owner.clock, owner.random, this);
    }

    /** Starts acquiring; the future completes with the lease or the failure. */
    synchronized CompletableFuture<Lease> acquire(IpAddress preferred) {
        waiter = new CompletableFuture<>();
        client.start(preferred);
        return waiter;
    }

    /** Starts confirming a persisted lease; completes once bound (confirmed, or kept while valid). */
    synchronized CompletableFuture<Lease> resume(Lease remembered) {
        waiter = new CompletableFuture<>();
        client.resume(remembered);
        return waiter;
    }

    /** Renews now; completes with the renewed lease. */
    synchronized CompletableFuture<Lease> renewNow() {
        waiter = new CompletableFuture<>();
        client.renewNow();
        return waiter;
    }

    synchronized boolean release() {
        boolean sent = client.release();
        shutDown(new DhcpException(DhcpException.Reason.NOT_BOUND, "the lease of " + attachment + " was released"));
        return sent;
    }

    /** Stops without releasing (the persisted lease is resumed by the next manager); {@code why} ends any waiter. */
    synchronized void stop(String why) {
        client.stop();
        shutDown(new DhcpException(DhcpException.Reason.NOT_BOUND, why));
    }

    /**
     * The lease the container may use: bound, renewing or rebinding, or — right after a restart,
     * while INIT-REBOOT confirms it — the remembered one as long as it has not expired (RFC 2131
     * 3.2 lets a client keep using it meanwhile).
     */
    synchronized Optional<Lease> usableLease() {
        ClientState s = client.state();
        if (s.holdsLease() || s == ClientState.INIT_REBOOT) {
            return client.lease().filter(l -> !l.expired(owner.clock.instant()));
        }
        return Optional.empty();
    }

    synchronized String describeState() {
        return client.state().name();
    }

    // Transport: called by the client, under the lock.
    @Override
    public void send(DhcpPacket packet, IpAddress destination) {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        if (socket == null) {
            DhcpSocket s;
            try {
                s = owner.network.open(netns, attachment.ifName());
            } catch (DhcpException e) {
                if (e.reason() == DhcpException.Reason.NO_INTERFACE && client.lease().isPresent()) {
                    // The container is gone without a DEL: stop renewing for it (not from inside the client).
                    owner.timers.execute(() -> owner.abandon(this, e.getMessage()));
                }
                throw e;
            }
            socket = s;
            owner.receivers.execute(() -> receive(s));
        }
        socket.send(DhcpCodec.encode(packet), destination);
    }

    // Timer: called by the client, under the lock.
    @Override
    public void schedule(Instant at) {
        cancel();
        long generation = ++timerGeneration;
        long delay = Math.max(0, Duration.between(owner.clock.instant(), at).toMillis());
        pending = owner.timers.schedule(() -> fire(generation), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void cancel() {
        timerGeneration++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    // ClientListener: called by the client, under the lock.
    @Override
    public void bound(Lease lease) {
        LOG.log(System.Logger.Level.INFO, "{0}: bound {1}", attachment, lease);
        try {
            owner.persist(this, lease);
        } catch (DhcpException e) {
            // Not persisted, a restarted daemon would not renew it: fail the ADD (its retry gets the same lease).
            LOG.log(System.Logger.Level.ERROR, "{0}: {1}", attachment, e.getMessage());
            complete(null, e);
            return;
        }
        complete(lease, null);
    }

    @Override
    public void lost(Lease lease, String reason) {
        LOG.log(System.Logger.Level.WARNING, "{0}: lost the lease of {1}: {2}; acquiring again (the container keeps"
                + " its configured address until a new ADD)", attachment, lease.address(), reason);
    }

    @Override
    public void failed(DhcpException error) {
        LOG.log(System.Logger.Level.WARNING, "{0}: {1}", attachment, error.getMessage());
        complete(null, error);
    }

    private synchronized void fire(long generation) {
        if (closed || generation != timerGeneration) {
            return;
        }
        pending = null;
        try {
            client.onTimer();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, attachment + ": timer failed", e);
        }
    }

    private void receive(DhcpSocket s) {
        try {
            while (true) {
                Optional<byte[]> data = s.receive(RECEIVE_SLICE);
                synchronized (this) {
                    data.ifPresent(this::deliver);
                    if (closed || socket != s || !client.state().awaitingReply()) {
                        if (socket == s) {
                            socket = null;
                        }
                        s.close();
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                LOG.log(System.Logger.Level.WARNING, "{0}: receiving failed: {1}", attachment, e.getMessage());
                if (socket == s) {
                    socket = null;
                }
                s.close();
            }
        }
    }

    private void deliver(byte[] data) {
        try {
            client.onPacket(DhcpCodec.decode(data));
        } catch (DhcpDecodeException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: dropped a malformed message ({1}): {2}", attachment,
                    e.problem(), e.getMessage());
        }
    }

    private void complete(Lease lease, DhcpException error) {
        CompletableFuture<Lease> w = waiter;
        waiter = null;
        if (w != null) {
            if (error == null) {
                w.complete(lease);
            } else {
                w.completeExceptionally(error);
            }
        }
    }

    private void shutDown(DhcpException why) {
        closed = true;
        cancel();
        complete(null, why);
        // An open socket is closed by its receiver within one receive slice.
    }
}
