package dev.weft.netlink.event;

import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.route.RouteSpec;

/** A change the kernel announced, decoded. */
public sealed interface KernelEvent {
    /** True for NEW messages, false for DEL. */
    boolean added();

    /** A link appeared, changed ({@code added}) or disappeared. */
    record LinkEvent(boolean added, LinkInfo link) implements KernelEvent {
    }

    /** An address was added or removed. */
    record AddressEvent(boolean added, AddrCodec.Addr address) implements KernelEvent {
    }

    /** A route was added or removed. */
    record RouteEvent(boolean added, RouteSpec route) implements KernelEvent {
    }

    /**
     * The socket's buffer overflowed (ENOBUFS) and events were lost: a reconcile loop must resync
     * from a full dump.
     */
    record Overrun() implements KernelEvent {
        @Override
        public boolean added() {
            return false;
        }
    }
}
