package dev.weft.netlink.addr;

import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.socket.NetlinkSocket;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.InterfaceAddress;

import java.util.List;

/**
 * Address operations on one handle's socket (from {@link dev.weft.netlink.Netlink#addresses()}),
 * v4 and v6. {@code flags} are IFA_F_* bits sent in IFA_FLAGS, e.g. {@link AddrCodec#NODAD}.
 */
public final class Addresses {
    private final NetlinkSocket socket;

    /** Operations over {@code socket}; normally obtained from a {@link dev.weft.netlink.Netlink}. */
    public Addresses(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Adds {@code a} to link {@code index}; an existing one is an {@link NetlinkException.ExistsException}. */
    public void add(int index, InterfaceAddress a) {
        add(index, a, 0);
    }

    /** Adds with IFA_F_* {@code flags}. */
    public void add(int index, InterfaceAddress a, int flags) {
        socket.request(AddrCodec.add(index, a, flags, false), "add address " + a + " to " + index);
    }

    /** Adds or replaces (NLM_F_REPLACE: idempotent). */
    public void replace(int index, InterfaceAddress a, int flags) {
        socket.request(AddrCodec.add(index, a, flags, true), "replace address " + a + " on " + index);
    }

    /** Removes {@code a}; a missing one is a {@link NetlinkException.NotFoundException} (EADDRNOTAVAIL). */
    public void delete(int index, InterfaceAddress a) {
        socket.request(AddrCodec.delete(index, a), "delete address " + a + " from " + index);
    }

    /** Removes {@code a}; false when it was not there. */
    public boolean deleteIfExists(int index, InterfaceAddress a) {
        try {
            delete(index, a);
            return true;
        } catch (NetlinkException.NotFoundException gone) {
            return false;
        }
    }

    /** Every address of every link, both families. */
    public List<AddrCodec.Addr> list() {
        return decoded(socket.dump(AddrCodec.dump(Nl.AF_UNSPEC), "dump addresses"));
    }

    /**
     * The addresses of link {@code index}, both families. The kernel filters the dump (a host with
     * hundreds of pod veths has an IPv6 link-local address on each); the filter here also serves
     * kernels that ignore the index.
     */
    public List<AddrCodec.Addr> list(int index) {
        return decoded(socket.strictDump(AddrCodec.dump(Nl.AF_UNSPEC, index), "dump addresses of " + index)).stream()
                .filter(a -> a.index() == index).toList();
    }

    private static List<AddrCodec.Addr> decoded(List<dev.weft.netlink.codec.Message> dump) {
        return dump.stream().filter(m -> m.type() == Nl.RTM_NEWADDR).map(AddrCodec::decode).toList();
    }
}
