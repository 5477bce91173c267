package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an attachment holds: at most one address per pool (two for dual stack), each with the
 * sequence number of its allocation. Written after the block allocation it names, so a handle
 * never names an address that was not allocated to it (until a release or a forced pool delete
 * removes the allocation first).
 */
public record Handle(AttachmentId attachment, Optional<String> pod, String node, List<HandleAddress> addresses) {
    public Handle {
        if (attachment == null) {
            throw new IllegalArgumentException("handle attachment is required");
        }
        pod = pod == null ? Optional.empty() : pod;
        Names.node("handle node", node);
        addresses = List.copyOf(addresses);
        if (addresses.stream().map(HandleAddress::pool).distinct().count() != addresses.size()) {
            throw new IllegalArgumentException("handle " + attachment + " holds two addresses of one pool");
        }
    }

    public Optional<HandleAddress> inPool(String pool) {
        return addresses.stream().filter(a -> a.pool().equals(pool)).findFirst();
    }

    /** This handle with {@code a} as its address in {@code a.pool()} (replacing any other there). */
    public Handle with(HandleAddress a) {
        List<HandleAddress> next = new ArrayList<>(addresses.stream().filter(x -> !x.pool().equals(a.pool())).toList());
        next.add(a);
        return new Handle(attachment, pod, node, next);
    }

    /** This handle without the allocation {@code (ip, seq)}. */
    public Handle without(IpAddress ip, long seq) {
        return new Handle(attachment, pod, node,
                addresses.stream().filter(a -> !(a.ip().equals(ip) && a.seq() == seq)).toList());
    }

    public boolean holds(IpAddress ip, long seq) {
        return addresses.stream().anyMatch(a -> a.ip().equals(ip) && a.seq() == seq);
    }
}
