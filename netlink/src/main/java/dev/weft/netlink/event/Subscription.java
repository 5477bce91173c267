package dev.weft.netlink.event;

import dev.weft.netlink.NetlinkSocket;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.link.LinkCodec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteCodec;

import java.util.Optional;
import java.util.function.Consumer;

/** A live subscription to link, address and route changes in one namespace. */
public final class Subscription implements AutoCloseable {
    public static final int LINKS = 0x1;
    public static final int IPV4_ADDRESSES = 0x10;
    public static final int IPV4_ROUTES = 0x40;
    public static final int IPV6_ADDRESSES = 0x100;
    public static final int IPV6_ROUTES = 0x400;
    public static final int ALL = LINKS | IPV4_ADDRESSES | IPV4_ROUTES | IPV6_ADDRESSES | IPV6_ROUTES;

    private final NetlinkSocket socket;
    private final Thread thread;
    private volatile boolean open = true;

    private Subscription(NetlinkSocket socket, Consumer<KernelEvent> consumer) {
        this.socket = socket;
        socket.receiveTimeout(200);
        this.thread = Thread.ofPlatform().name("weft-netlink-events").daemon().start(() -> loop(consumer));
    }

    /** Subscribes to {@code groups} in {@code ns} (empty: this process's namespace). */
    public static Subscription open(Optional<NetNs> ns, int groups, Consumer<KernelEvent> consumer) {
        NetlinkSocket s = ns.map(n -> n.run(() -> NetlinkSocket.open(groups))).orElseGet(() -> NetlinkSocket.open(groups));
        return new Subscription(s, consumer);
    }

    private void loop(Consumer<KernelEvent> consumer) {
        while (open) {
            for (Message m : socket.receiveBatch()) {
                decode(m).ifPresent(consumer);
            }
        }
    }

    static Optional<KernelEvent> decode(Message m) {
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

    @Override
    public void close() {
        open = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
