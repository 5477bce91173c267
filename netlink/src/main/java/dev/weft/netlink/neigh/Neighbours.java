package dev.weft.netlink.neigh;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;
import dev.weft.netlink.codec.Nl;

import java.util.List;

/**
 * Neighbour (ARP/NDP) and FDB operations on one handle's socket (from
 * {@link dev.weft.netlink.Netlink#neighbours()}).
 */
public final class Neighbours {
    private final NetlinkSocket socket;

    /** Operations over {@code socket}; normally obtained from a {@link dev.weft.netlink.Netlink}. */
    public Neighbours(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Adds or replaces the entry (NLM_F_CREATE|NLM_F_REPLACE). */
    public void add(Neighbour n) {
        socket.request(NeighCodec.add(n, false), "add " + describe(n));
    }

    /**
     * Appends one more destination for the same MAC (NLM_F_APPEND): with the all-zero MAC on a
     * VXLAN device this builds the flood list, one entry per remote VTEP.
     */
    public void append(Neighbour n) {
        socket.request(NeighCodec.add(n, true), "append " + describe(n));
    }

    /** Deletes the entry; a missing one is a {@link NetlinkException.NotFoundException}. */
    public void delete(Neighbour n) {
        socket.request(NeighCodec.delete(n), "delete " + describe(n));
    }

    /** Deletes the entry; false when it was not there. */
    public boolean deleteIfExists(Neighbour n) {
        try {
            delete(n);
            return true;
        } catch (NetlinkException.NotFoundException gone) {
            return false;
        }
    }

    /** ARP ({@code AF_INET}), NDP ({@code AF_INET6}) or FDB ({@code AF_BRIDGE}) entries; 0 for all. */
    public List<Neighbour> list(int family) {
        return socket.dump(NeighCodec.dump(family), "dump neighbours").stream()
                .filter(m -> m.type() == Nl.RTM_NEWNEIGH).map(NeighCodec::decode).toList();
    }

    /** The bridge and VXLAN forwarding database entries (AF_BRIDGE). */
    public List<Neighbour> fdb() {
        return list(Nl.AF_BRIDGE);
    }

    private static String describe(Neighbour n) {
        return switch (n.kind()) {
            case NEIGHBOUR -> "neighbour " + n.ip() + " lladdr " + n.mac() + " dev " + n.ifIndex();
            case FDB_SELF, FDB_MASTER -> "fdb " + n.mac() + (n.ip() == null ? "" : " dst " + n.ip()) + " dev "
                    + n.ifIndex() + (n.kind() == Neighbour.Kind.FDB_MASTER ? " master" : " self");
        };
    }
}
