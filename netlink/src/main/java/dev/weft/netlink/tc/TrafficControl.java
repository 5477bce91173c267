package dev.weft.netlink.tc;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;

import java.util.List;
import java.util.Optional;

/**
 * Traffic-control operations on one handle's socket (from {@link dev.weft.netlink.Netlink#tc()}):
 * qdiscs and filters of the handle's namespace, by device index. {@code ensure…} operations are
 * idempotent: run twice, the second changes nothing.
 */
public final class TrafficControl {
    private final NetlinkSocket socket;
    private final Psched psched;

    /** Operations over {@code socket} with this kernel's scheduler clock. */
    public TrafficControl(NetlinkSocket socket) {
        this(socket, null);
    }

    /** Operations over {@code socket} with the clock {@code psched} (null: read it when first needed). */
    public TrafficControl(NetlinkSocket socket, Psched psched) {
        this.socket = socket;
        this.psched = psched;
    }

    private Psched psched() {
        return psched != null ? psched : Psched.system();
    }

    /** Adds the qdisc; one already at its parent is an {@link NetlinkException.ExistsException}. */
    public void addQdisc(Qdisc q) {
        socket.request(QdiscCodec.add(q, psched(), false), "add qdisc " + q);
    }

    /**
     * Puts the qdisc at its parent, replacing whatever hangs there (the kernel's default, another
     * kind) or changing an existing one of the same kind and handle in place
     * ({@code tc qdisc replace}). Idempotent.
     */
    public void ensureQdisc(Qdisc q) {
        socket.request(QdiscCodec.add(q, psched(), true), "replace qdisc " + q);
    }

    /** Deletes the qdisc at {@code q}'s parent (its filters go with it); absent is a NotFoundException. */
    public void deleteQdisc(Qdisc q) {
        socket.request(QdiscCodec.delete(q), "delete qdisc " + q);
    }

    /**
     * Deletes whatever qdisc weft or anyone put at {@code parent} of {@code ifindex}; false when
     * only the kernel's default is there (which cannot be deleted) or the device is gone.
     */
    public boolean deleteQdiscIfExists(int ifindex, TcHandle parent) {
        Optional<Qdisc> q = qdisc(ifindex, parent);
        if (q.isEmpty() || q.get().handle().equals(TcHandle.NONE)) {
            return false;
        }
        try {
            socket.request(QdiscCodec.delete(ifindex, parent, q.get().handle(), null), "delete qdisc " + q.get());
            return true;
        } catch (NetlinkException.NotFoundException raced) {
            return false;
        }
    }

    /** The qdiscs of device {@code ifindex}, its defaults included (handle {@code 0:}). */
    public List<Qdisc> qdiscs(int ifindex) {
        return qdiscs().stream().filter(q -> q.ifindex() == ifindex).toList();
    }

    /** The qdiscs of every device in the namespace, in one dump, defaults included. */
    public List<Qdisc> qdiscs() {
        return socket.dump(QdiscCodec.dump(), "dump qdiscs").stream().filter(QdiscCodec::isQdisc)
                .map(m -> QdiscCodec.decode(m, psched())).toList();
    }

    /** The qdisc at {@code parent} ({@link TcHandle#ROOT}, {@link TcHandle#INGRESS}) of {@code ifindex}, if any. */
    public Optional<Qdisc> qdisc(int ifindex, TcHandle parent) {
        return qdiscs(ifindex).stream().filter(q -> q.parent().equals(parent)).findFirst();
    }

    /** Adds the filter (its qdisc must exist). */
    public void addFilter(Filter f) {
        socket.request(FilterCodec.add(f), "add filter " + describe(f));
    }

    /**
     * Makes {@code f} the only rule of its priority under its parent: returns the installed rule
     * when one already is the same ({@link Filter#sameRule}), else removes that priority's rules
     * and adds {@code f}. Returns the rule as the kernel lists it (with its handle).
     */
    public Filter ensureFilter(Filter f) {
        List<Filter> same = atPriority(f);
        if (same.size() == 1 && same.getFirst().sameRule(f)) {
            return same.getFirst();
        }
        if (!same.isEmpty()) {
            deleteFilters(f.ifindex(), f.parent(), f.priority());
        }
        addFilter(f);
        return atPriority(f).stream().filter(f::sameRule).findFirst().orElseThrow(() -> new IllegalStateException(
                "filter " + describe(f) + " was added but is not listed"));
    }

    private List<Filter> atPriority(Filter f) {
        return filters(f.ifindex(), f.parent()).stream().filter(x -> x.priority() == f.priority()).toList();
    }

    /** Deletes one rule by its handle (as listed by {@link #filters}). */
    public void deleteFilter(Filter f) {
        socket.request(FilterCodec.delete(f), "delete filter " + describe(f));
    }

    /** Deletes every rule of {@code priority} under {@code parent}; false when there was none. */
    public boolean deleteFilters(int ifindex, TcHandle parent, int priority) {
        try {
            socket.request(FilterCodec.deletePriority(ifindex, parent, priority),
                    "delete filters prio " + priority + " under " + parent + " on " + ifindex);
            return true;
        } catch (NetlinkException.NotFoundException gone) {
            return false;
        }
    }

    /** The rules under {@code parent} (e.g. {@link TcHandle#INGRESS_QDISC}) of {@code ifindex}. */
    public List<Filter> filters(int ifindex, TcHandle parent) {
        return socket.dump(FilterCodec.dump(ifindex, parent), "dump filters under " + parent + " on " + ifindex)
                .stream().filter(FilterCodec::isFilter).map(FilterCodec::decode).flatMap(Optional::stream).toList();
    }

    private static String describe(Filter f) {
        return f.kind().kind() + " prio " + f.priority() + " under " + f.parent() + " on " + f.ifindex();
    }
}
