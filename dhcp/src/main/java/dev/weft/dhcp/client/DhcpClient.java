package dev.weft.dhcp.client;

import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.Octets;
import dev.weft.dhcp.packet.Op;
import dev.weft.net.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * RFC 2131's client state machine for one interface, pure: it reads time from an injected clock,
 * sends through a {@link Transport}, sets one {@link Timer}, and moves only when its driver calls
 * a command ({@link #start}, {@link #resume}, {@link #renewNow}, {@link #release}, {@link #stop})
 * or reports an event ({@link #onPacket}, {@link #onTimer}). Not thread-safe: the driver
 * serialises calls. Outcomes go to the {@link ClientListener}.
 *
 * <p>Acquiring: DISCOVER (broadcast) → first usable OFFER → REQUEST (broadcast, options 50 and 54)
 * → ACK → BOUND; a NAK restarts at INIT (at once the first time, then after the backoff). Resuming
 * a persisted lease: INIT-REBOOT, a broadcast REQUEST for the remembered address; if no server
 * answers within the timeout, the remembered lease is used while it lasts (RFC 2131 3.2). Bound:
 * at T1 RENEWING (REQUEST unicast to the server), at T2 REBINDING (broadcast), at expiry the lease
 * is lost and acquisition starts over in the background, asking for the old address.
 *
 * <p>Replies are matched on op, xid and chaddr; in REQUESTING also on the chosen server. Anything
 * else is counted ({@link #ignoredPackets}) and dropped. Retransmission: 4, 8, 16 … 64 s ± 1 s,
 * cut at the acquisition's deadline; renewing and rebinding wait half the time left to T2 or
 * expiry, at least 60 s (4.4.5).
 */
public final class DhcpClient {
    private static final System.Logger LOG = System.getLogger(DhcpClient.class.getName());
    /** REQUESTs sent for one OFFER before starting over with a DISCOVER (RFC 2131 4.4.1). */
    static final int REQUEST_ATTEMPTS = 4;

    private final ClientConfig config;
    private final Transport transport;
    private final Timer timer;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final ClientListener listener;
    private final Retransmission timing;

    private ClientState state = ClientState.INIT;
    private int xid;
    private Instant exchangeStart;
    private Instant lastSent;
    private Instant deadline;
    private Instant timerAt;
    private int attempt;
    private int naks;
    private IpAddress hint;
    private IpAddress offered;
    private IpAddress offeredServer;
    private Lease lease;
    private int discovers;
    private int offers;
    private String lastProblem;
    private long ignored;

    public DhcpClient(ClientConfig config, Transport transport, Timer timer, InstantSource clock,
                      RandomGenerator random, ClientListener listener) {
        this.config = config;
        this.transport = transport;
        this.timer = timer;
        this.clock = clock;
        this.random = random;
        this.listener = listener == null ? ClientListener.NONE : listener;
        this.timing = new Retransmission(config, random);
    }

    /** Acquires a lease within the configured timeout, asking for {@code preferred} (may be null). */
    public void start(IpAddress preferred) {
        requireState(ClientState.INIT, "start");
        hint = preferred;
        deadline = clock.instant().plus(config.timeout());
        discover();
    }

    /** Confirms a persisted lease (INIT-REBOOT) after a restart. */
    public void resume(Lease remembered) {
        requireState(ClientState.INIT, "resume");
        lease = remembered;
        deadline = clock.instant().plus(config.timeout());
        state = ClientState.INIT_REBOOT;
        newExchange();
        transmit();
        armRetransmit();
    }

    /** Renews now rather than at T1 (or retransmits now when already renewing or rebinding). */
    public void renewNow() {
        switch (state) {
            case BOUND -> beginRenew(clock.instant());
            case RENEWING, REBINDING -> {
                transmit();
                armRetransmit();
            }
            default -> throw new IllegalStateException("no bound lease to renew: client is " + state);
        }
    }

    /** Sends DHCPRELEASE for a held lease and stops; returns whether a RELEASE went out. */
    public boolean release() {
        boolean sent = false;
        if (lease != null && (state.holdsLease() || state == ClientState.INIT_REBOOT)) {
            xid = random.nextInt();
            sent = send(Messages.release(config, xid, lease.address().address(), lease.serverId()), lease.serverId());
        }
        lease = null;
        halt(ClientState.STOPPED);
        return sent;
    }

    /** Stops without releasing (the daemon shuts down; the persisted lease is resumed later). */
    public void stop() {
        halt(ClientState.STOPPED);
    }

    /** A message arrived on the client's port. */
    public void onPacket(DhcpPacket p) {
        MessageType type = p.messageType().orElse(null);
        if (!state.awaitingReply() || type == null || p.op() != Op.BOOTREPLY || p.xid() != xid
                || !p.chaddr().equals(Octets.of(config.mac().bytes()))) {
            ignored++;
            return;
        }
        switch (state) {
            case SELECTING -> {
                if (type == MessageType.OFFER) {
                    takeOffer(p);
                } else {
                    ignored++;
                }
            }
            case REQUESTING -> {
                if (!p.options().serverId().map(offeredServer::equals).orElse(true)) {
                    ignored++;
                } else {
                    reply(type, p, offeredServer);
                }
            }
            case INIT_REBOOT, RENEWING, REBINDING -> reply(type, p, lease.serverId());
            default -> ignored++;
        }
    }

    /**
     * The timer set last fired. It counts as firing at the instant it was set for when it runs a
     * little early (an executor rounds its delay to whole milliseconds), so a timer set at the
     * deadline ends the wait instead of sending once more.
     */
    public void onTimer() {
        Instant now = clock.instant();
        if (timerAt != null && now.isBefore(timerAt)) {
            now = timerAt;
        }
        timerAt = null;
        switch (state) {
            case INIT -> {
                if (pastDeadline(now)) {
                    timedOut();
                } else {
                    discover();
                }
            }
            case SELECTING, REQUESTING, INIT_REBOOT -> retransmitOrGiveUp(now);
            case BOUND -> {
                if (now.isBefore(lease.renewAt())) {
                    arm(lease.renewAt());
                } else {
                    beginRenew(now);
                }
            }
            case RENEWING -> {
                if (now.isBefore(lease.rebindAt())) {
                    transmit();
                    armRetransmit();
                } else {
                    beginRebind(now);
                }
            }
            case REBINDING -> {
                if (lease.expired(now)) {
                    lose("the lease expired at " + lease.expiresAt() + " without an ACK");
                } else {
                    transmit();
                    armRetransmit();
                }
            }
            default -> {
                // STOPPED or FAILED: a timer that fired as it was cancelled
            }
        }
    }

    public ClientState state() {
        return state;
    }

    /** The lease held (bound, renewing, rebinding) or being confirmed (INIT-REBOOT). */
    public Optional<Lease> lease() {
        return Optional.ofNullable(lease);
    }

    /** When the pending timer fires, if one is set. */
    public Optional<Instant> timerAt() {
        return Optional.ofNullable(timerAt);
    }

    /** Replies dropped: wrong xid, chaddr, server or type, or no request out. */
    public long ignoredPackets() {
        return ignored;
    }

    private void reply(MessageType type, DhcpPacket p, IpAddress server) {
        switch (type) {
            case ACK -> acked(p, server);
            case NAK -> naked(p);
            default -> ignored++;
        }
    }

    private void discover() {
        state = ClientState.SELECTING;
        offered = null;
        offeredServer = null;
        newExchange();
        transmit();
        armRetransmit();
    }

    private void takeOffer(DhcpPacket p) {
        Optional<IpAddress> server = p.options().serverId();
        if (p.yiaddr().isUnspecified() || server.isEmpty()) {
            lastProblem = "an OFFER without " + (server.isEmpty() ? "server identifier (option 54)" : "address");
            ignored++;
            return;
        }
        offers++;
        offered = p.yiaddr();
        offeredServer = server.get();
        state = ClientState.REQUESTING;
        attempt = 0;
        transmit();
        armRetransmit();
    }

    private void acked(DhcpPacket p, IpAddress fallbackServer) {
        Lease granted;
        try {
            granted = Lease.fromAck(p, lastSent, fallbackServer);
        } catch (IllegalArgumentException e) {
            lastProblem = "an unusable ACK: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}", config.mac(), lastProblem);
            if (state.holdsLease()) {
                ignored++; // keep the lease we have and keep asking
            } else {
                restartAfterRefusal();
            }
            return;
        }
        if (lease != null && !lease.address().equals(granted.address())) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the server changed the address from {1} to {2}",
                    config.mac(), lease.address(), granted.address());
        }
        lease = granted;
        state = ClientState.BOUND;
        deadline = null;
        naks = 0;
        hint = null;
        lastProblem = null;
        arm(granted.renewAt());
        listener.bound(granted);
    }

    private void naked(DhcpPacket p) {
        lastProblem = "a NAK from " + p.options().serverId().map(IpAddress::toString).orElse("a server")
                + p.options().message().map(m -> " (\"" + m + "\")").orElse("");
        if (lease != null) {
            Lease old = lease;
            lease = null;
            deadline = null;
            listener.lost(old, lastProblem);
        }
        restartAfterRefusal();
    }

    private void restartAfterRefusal() {
        naks++;
        state = ClientState.INIT;
        if (naks == 1) {
            discover();
            return;
        }
        arm(timing.capped(clock.instant().plus(timing.backoff(naks - 2)), deadline));
    }

    private void retransmitOrGiveUp(Instant now) {
        if (pastDeadline(now)) {
            timedOut();
            return;
        }
        attempt++;
        if (state == ClientState.REQUESTING && attempt >= REQUEST_ATTEMPTS) {
            lastProblem = "no ACK from " + offeredServer + " after " + attempt + " REQUESTs";
            discover();
            return;
        }
        transmit();
        armRetransmit();
    }

    private void timedOut() {
        Instant now = clock.instant();
        if (state == ClientState.INIT_REBOOT && lease != null && !lease.expired(now)) {
            LOG.log(System.Logger.Level.INFO, "{0}: no answer to INIT-REBOOT; using the remembered lease {1}",
                    config.mac(), lease);
            state = ClientState.BOUND;
            deadline = null;
            arm(lease.renewAt().isAfter(now) ? lease.renewAt() : now);
            listener.bound(lease);
            return;
        }
        if (state == ClientState.INIT_REBOOT && lease != null) {
            lose("the remembered lease expired at " + lease.expiresAt() + " and no server confirmed it");
            return;
        }
        String message = "no DHCP lease within " + seconds(config.timeout()) + " for " + config.mac() + ": "
                + discovers + " DISCOVER sent, " + offers + " OFFER received"
                + (lastProblem == null ? "" : "; last problem: " + lastProblem);
        halt(ClientState.FAILED);
        listener.failed(new DhcpException(DhcpException.Reason.TIMEOUT, message));
    }

    /** The lease is gone: start over in the background, asking for the same address. */
    private void lose(String reason) {
        Lease old = lease;
        lease = null;
        deadline = null;
        hint = old.address().address();
        listener.lost(old, reason);
        discover();
    }

    private void beginRenew(Instant now) {
        if (!now.isBefore(lease.rebindAt())) {
            beginRebind(now);
            return;
        }
        state = ClientState.RENEWING;
        newExchange();
        transmit();
        armRetransmit();
    }

    private void beginRebind(Instant now) {
        if (lease.expired(now)) {
            lose("the lease expired at " + lease.expiresAt() + " before it could be rebound");
            return;
        }
        state = ClientState.REBINDING;
        newExchange();
        transmit();
        armRetransmit();
    }

    private void newExchange() {
        xid = random.nextInt();
        exchangeStart = clock.instant();
        attempt = 0;
    }

    private void transmit() {
        int secs = (int) Math.min(0xffff, Math.max(0, Duration.between(exchangeStart, clock.instant()).toSeconds()));
        switch (state) {
            case SELECTING -> {
                discovers++;
                send(Messages.discover(config, xid, secs, hint), Transport.BROADCAST);
            }
            case REQUESTING -> send(Messages.select(config, xid, secs, offered, offeredServer), Transport.BROADCAST);
            case INIT_REBOOT -> send(Messages.reboot(config, xid, secs, lease.address().address()), Transport.BROADCAST);
            case RENEWING -> send(Messages.renew(config, xid, secs, lease.address().address()), lease.serverId());
            case REBINDING -> send(Messages.renew(config, xid, secs, lease.address().address()), Transport.BROADCAST);
            default -> throw new IllegalStateException("nothing to send in " + state);
        }
    }

    private boolean send(DhcpPacket p, IpAddress to) {
        lastSent = clock.instant();
        try {
            transport.send(p, to);
            return true;
        } catch (RuntimeException e) {
            lastProblem = "cannot send " + p.messageType().map(MessageType::wireName).orElse("a message") + " to "
                    + to + ": " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}", config.mac(), lastProblem);
            return false;
        }
    }

    private void armRetransmit() {
        Instant now = clock.instant();
        arm(switch (state) {
            case RENEWING -> timing.halfwayTo(now, lease.rebindAt());
            case REBINDING -> timing.halfwayTo(now, lease.expiresAt());
            default -> timing.capped(now.plus(timing.backoff(attempt)), deadline);
        });
    }

    private void arm(Instant at) {
        timerAt = at;
        timer.schedule(at);
    }

    private void halt(ClientState end) {
        state = end;
        timerAt = null;
        timer.cancel();
    }

    private boolean pastDeadline(Instant now) {
        return deadline != null && !now.isBefore(deadline);
    }

    private void requireState(ClientState expected, String command) {
        if (state != expected) {
            throw new IllegalStateException("cannot " + command + ": client is " + state + ", not " + expected);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
