package dev.weft.netlink.conntrack;

import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * weft's conntrack handle: one NETLINK_NETFILTER socket in one network namespace, chosen when it
 * is opened, for listing and deleting connection-tracking entries (ctnetlink), e.g. the stale UDP
 * entries a port mapping must flush so that the next datagram to the port is NATed anew.
 * Usable from any thread; requests on one handle are serialised.
 */
public final class Conntrack implements AutoCloseable {
    private static final int DUMP_ATTEMPTS = 3;
    private final NetlinkSocket socket;

    private Conntrack(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** A handle in the calling thread's namespace. */
    public static Conntrack open() {
        return new Conntrack(NetlinkSocket.open(Cta.NETLINK_NETFILTER, 0));
    }

    /** A handle whose socket lives in {@code ns} (opened on a thread inside it). */
    public static Conntrack open(NetNs ns) {
        return new Conntrack(ns.run(() -> NetlinkSocket.open(Cta.NETLINK_NETFILTER, 0)));
    }

    /** Every entry of {@code family}'s table. */
    public List<ConntrackEntry> list(IpFamily family) {
        return decodeAll(dumpRetrying(() -> socket.dump(ConntrackCodec.dump(family), "dump conntrack " + family)));
    }

    /** The entries {@code filter} selects (filtered by the kernel where it can, and here). */
    public List<ConntrackEntry> list(ConntrackFilter filter) {
        List<ConntrackEntry> all = decodeAll(dumpRetrying(() -> socket.dump(ConntrackCodec.dump(filter),
                "dump conntrack " + describe(filter))));
        return all.stream().filter(filter::matches).toList();
    }

    /** Deletes {@code e}; false when it is gone already (expired, or replaced by a new flow). */
    public boolean delete(ConntrackEntry e) {
        try {
            socket.request(ConntrackCodec.delete(e), "delete conntrack entry " + e.original());
            return true;
        } catch (NetlinkException.NotFoundException gone) {
            return false;
        }
    }

    /** Deletes every entry {@code filter} selects; returns how many it deleted. */
    public int delete(ConntrackFilter filter) {
        int n = 0;
        for (ConntrackEntry e : list(filter)) {
            n += delete(e) ? 1 : 0;
        }
        return n;
    }

    /** Deletes the entries of {@code protocol} to {@code dstPort} in both families; returns how many. */
    public int deleteToPort(int protocol, int dstPort) {
        return delete(ConntrackFilter.toPort(IpFamily.IPV4, protocol, dstPort))
                + delete(ConntrackFilter.toPort(IpFamily.IPV6, protocol, dstPort));
    }

    private static List<ConntrackEntry> decodeAll(List<dev.weft.netlink.codec.Message> ms) {
        List<ConntrackEntry> out = new ArrayList<>();
        for (var m : ms) {
            if (ConntrackCodec.isEntry(m)) {
                out.add(ConntrackCodec.decode(m));
            }
        }
        return out;
    }

    /** A busy table changes under a dump (NLM_F_DUMP_INTR): try again a few times. */
    private static <T> T dumpRetrying(java.util.function.Supplier<T> dump) {
        for (int i = 1; ; i++) {
            try {
                return dump.get();
            } catch (NetlinkException.DumpInterruptedException e) {
                if (i == DUMP_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static String describe(ConntrackFilter f) {
        return f.family() + " proto " + f.protocol() + " dport " + f.dstPort() + (f.dst() == null ? "" : " dst " + f.dst());
    }

    @Override
    public void close() {
        socket.close();
    }
}
