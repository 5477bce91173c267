package dev.weft.netlink.route;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;
import dev.weft.netlink.codec.Nl;

import java.util.List;

/**
 * Route operations on one handle's socket (from {@link dev.weft.netlink.Netlink#routes()}) in any
 * table, v4 and v6. Listing dumps every table and filters here: the kernel's own table filter on
 * dumps needs strict checking, which older kernels lack.
 */
public final class Routes {
    private final NetlinkSocket socket;

    /** Operations over {@code socket}; normally obtained from a {@link dev.weft.netlink.Netlink}. */
    public Routes(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Adds the route; an existing one is an {@link NetlinkException.ExistsException}. */
    public void add(RouteSpec r) {
        socket.request(RouteCodec.add(r, false), "add route " + describe(r));
    }

    /** Adds or replaces the route to the same destination, table and metric. */
    public void replace(RouteSpec r) {
        socket.request(RouteCodec.add(r, true), "replace route " + describe(r));
    }

    /** Adds or replaces the route, tagged with routing protocol {@code protocol} (see {@link RouteCodec#add(RouteSpec, boolean, int)}). */
    public void replace(RouteSpec r, int protocol) {
        socket.request(RouteCodec.add(r, true, protocol), "replace route " + describe(r) + " proto " + protocol);
    }

    /** The routes of every table, both families, that were installed with routing protocol {@code protocol}. */
    public List<RouteSpec> listByProtocol(int protocol) {
        return socket.dump(RouteCodec.dump(Nl.AF_UNSPEC), "dump routes").stream()
                .filter(m -> m.type() == Nl.RTM_NEWROUTE && RouteCodec.protocolOf(m) == protocol)
                .map(RouteCodec::decode).toList();
    }

    /** Deletes the route; a missing one is a {@link NetlinkException.NotFoundException} (ESRCH). */
    public void delete(RouteSpec r) {
        socket.request(RouteCodec.delete(r), "delete route " + describe(r));
    }

    /** Deletes the route; false when it was not there. */
    public boolean deleteIfExists(RouteSpec r) {
        try {
            delete(r);
            return true;
        } catch (NetlinkException.NotFoundException gone) {
            return false;
        }
    }

    /** Every route of every table, both families. */
    public List<RouteSpec> list() {
        return socket.dump(RouteCodec.dump(Nl.AF_UNSPEC), "dump routes").stream()
                .filter(m -> m.type() == Nl.RTM_NEWROUTE).map(RouteCodec::decode).toList();
    }

    /** The routes of {@code table} ({@link RouteCodec#MAIN} for main), both families. */
    public List<RouteSpec> list(int table) {
        return list().stream().filter(r -> r.table() == table).toList();
    }

    private static String describe(RouteSpec r) {
        return r.dst() + (r.gateway() == null ? "" : " via " + r.gateway()) + " table " + r.effectiveTable();
    }
}
