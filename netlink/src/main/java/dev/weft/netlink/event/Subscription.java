package dev.weft.netlink.event;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.link.LinkCodec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.sys.Errno;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A live subscription to link, address and route changes in one namespace: its own socket bound
 * to the groups and one named platform thread that decodes and hands events to the consumer, in
 * the kernel's order. Closing stops the thread (within the 200 ms receive timeout) and then closes
 * the socket. A consumer that throws is logged and the loop goes on.
 */
public final class Subscription implements AutoCloseable {
    /** Bit of {@link EventGroup#LINK}. */
    public static final int LINKS = 0x1;
    /** Bit of {@link EventGroup#IPV4_ADDRESS}. */
    public static final int IPV4_ADDRESSES = 0x10;
    /** Bit of {@link EventGroup#IPV4_ROUTE}. */
    public static final int IPV4_ROUTES = 0x40;
    /** Bit of {@link EventGroup#IPV6_ADDRESS}. */
    public static final int IPV6_ADDRESSES = 0x100;
    /** Bit of {@link EventGroup#IPV6_ROUTE}. */
    public static final int IPV6_ROUTES = 0x400;
    /** Every group above. */
    public static final int ALL = LINKS | IPV4_ADDRESSES | IPV4_ROUTES | IPV6_ADDRESSES | IPV6_ROUTES;

    private static final System.Logger LOG = System.getLogger(Subscription.class.getName());

    private final NetlinkSocket socket;
    private final Thread thread;
    private volatile boolean open = true;

    private Subscription(NetlinkSocket socket, Consumer<KernelEvent> consumer) {
        this.socket = socket;
        socket.receiveTimeout(200);
        this.thread = Thread.ofPlatform().name("weft-netlink-events").daemon().start(() -> loop(consumer));
    }

    /** Subscribes to {@code groups} in {@code ns}. */
    public static Subscription open(NetNs ns, Set<EventGroup> groups, Consumer<KernelEvent> consumer) {
        int mask = EventGroup.mask(EnumSet.copyOf(groups));
        return new Subscription(ns.run(() -> NetlinkSocket.open(mask)), consumer);
    }

    /** Subscribes to the {@code groups} bit mask in {@code ns} (empty: this process's namespace). */
    public static Subscription open(Optional<NetNs> ns, int groups, Consumer<KernelEvent> consumer) {
        NetlinkSocket s = ns.map(n -> n.run(() -> NetlinkSocket.open(groups))).orElseGet(() -> NetlinkSocket.open(groups));
        return new Subscription(s, consumer);
    }

    private void loop(Consumer<KernelEvent> consumer) {
        while (open) {
            try {
                for (Message m : socket.receiveBatch()) {
                    // One undecodable message must not cost the rest of its datagram.
                    try {
                        decode(m).ifPresent(e -> deliver(consumer, e));
                    } catch (IllegalArgumentException | java.nio.BufferUnderflowException
                             | IndexOutOfBoundsException e) {
                        LOG.log(System.Logger.Level.WARNING, "undecodable netlink event skipped: " + m.type(), e);
                    }
                }
            } catch (NetlinkException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    deliver(consumer, new KernelEvent.Overrun());
                } else if (open) {
                    LOG.log(System.Logger.Level.ERROR, "netlink event socket failed; subscription ends", e);
                    return;
                }
            } catch (IllegalStateException closed) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "undecodable netlink event skipped", e);
            }
        }
    }

    private static void deliver(Consumer<KernelEvent> consumer, KernelEvent e) {
        try {
            consumer.accept(e);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "event consumer failed on " + e, ex);
        }
    }

    /** Decodes one multicast message; other types are ignored. */
    public static Optional<KernelEvent> decode(Message m) {
        return switch (m.type()) {
            case Nl.RTM_NEWLINK, Nl.RTM_DELLINK ->
                    Optional.of(new KernelEvent.LinkEvent(m.type() == Nl.RTM_NEWLINK, LinkCodec.decode(m)));
            case Nl.RTM_NEWADDR, Nl.RTM_DELADDR ->
                    Optional.of(new KernelEvent.AddressEvent(m.type() == Nl.RTM_NEWADDR, AddrCodec.decode(m)));
            case Nl.RTM_NEWROUTE, Nl.RTM_DELROUTE ->
                    Optional.of(new KernelEvent.RouteEvent(m.type() == Nl.RTM_NEWROUTE, RouteCodec.decode(m)));
            default -> Optional.empty();
        };
    }

    /** Whether the delivery thread still runs. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        open = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close(); // a thread still in the consumer finds the socket closed and ends
    }
}
