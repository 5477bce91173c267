package dev.weft.netlink;

import dev.weft.netlink.socket.NetlinkSocket;
import dev.weft.netlink.addr.Addresses;
import dev.weft.netlink.event.EventGroup;
import dev.weft.netlink.event.KernelEvent;
import dev.weft.netlink.event.Subscription;
import dev.weft.netlink.link.Links;
import dev.weft.netlink.neigh.Neighbours;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.Routes;
import dev.weft.netlink.tc.TrafficControl;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * weft's rtnetlink handle: one NETLINK_ROUTE socket that lives in one network namespace, chosen
 * when the handle is opened, for its whole life. Usable from any thread (virtual ones included);
 * requests on one handle are serialised. Operations are grouped by concept:
 * {@link #links()}, {@link #addresses()}, {@link #routes()}, {@link #neighbours()}, {@link #tc()}, and
 * {@link #subscribe} for change events. Kernel errors are {@link NetlinkException}s.
 *
 * <pre>{@code
 * try (NetNs ns = NetNs.create("pod1"); Netlink nl = Netlink.open(ns)) {
 *     nl.links().setUp(nl.links().require("lo").index());
 * }
 * }</pre>
 */
public final class Netlink implements AutoCloseable {
    private final NetlinkSocket socket;
    private final NetNs ns;
    private final Links links;
    private final Addresses addresses;
    private final Routes routes;
    private final Neighbours neighbours;
    private final TrafficControl tc;

    private Netlink(NetlinkSocket socket, NetNs ns) {
        this.socket = socket;
        this.ns = ns;
        this.links = new Links(socket);
        this.addresses = new Addresses(socket);
        this.routes = new Routes(socket);
        this.neighbours = new Neighbours(socket);
        this.tc = new TrafficControl(socket);
    }

    /** A handle in the calling thread's namespace (weft never leaves a thread in another one). */
    public static Netlink open() {
        return new Netlink(NetlinkSocket.open(0), null);
    }

    /**
     * A handle whose socket lives in {@code ns}: opened on a one-shot platform thread that enters
     * {@code ns} and ends. The handle does not own {@code ns}; keep it open for {@link #subscribe}.
     */
    public static Netlink open(NetNs ns) {
        return new Netlink(ns.run(() -> NetlinkSocket.open(0)), ns);
    }

    /**
     * As {@link #open(NetNs)}, without waiting for the socket: it is opened on a worker while the
     * caller goes on (the thread hop overlaps the caller's other work). {@link NetNs#await} the
     * handle; keep {@code ns} open until then.
     */
    public static java.util.concurrent.CompletableFuture<Netlink> start(NetNs ns) {
        return ns.start(() -> new Netlink(NetlinkSocket.open(0), ns));
    }

    /** Links: create, get, dump, change, delete. */
    public Links links() {
        return links;
    }

    /** Addresses: add, replace, delete, list. */
    public Addresses addresses() {
        return addresses;
    }

    /** Routes in any table. */
    public Routes routes() {
        return routes;
    }

    /** ARP/NDP neighbours and bridge/VXLAN FDB entries. */
    public Neighbours neighbours() {
        return neighbours;
    }

    /** Traffic control: qdiscs and filters. */
    public TrafficControl tc() {
        return tc;
    }

    /** The namespace the handle was opened in, when it was opened with one. */
    public Optional<NetNs> namespace() {
        return Optional.ofNullable(ns);
    }

    /** Subscribes to {@code groups} in this handle's namespace; close the subscription to stop. */
    public Subscription subscribe(Set<EventGroup> groups, Consumer<KernelEvent> consumer) {
        return ns != null ? Subscription.open(ns, groups, consumer)
                : Subscription.open(Optional.empty(), EventGroup.mask(groups), consumer);
    }

    /** The socket underneath, for requests this API does not cover yet. */
    public NetlinkSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "Netlink[" + (ns == null ? "own netns" : ns.path()) + "]";
    }
}
