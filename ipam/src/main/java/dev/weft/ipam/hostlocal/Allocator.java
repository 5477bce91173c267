package dev.weft.ipam.hostlocal;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.IpConfig;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.cni.Attachment;

import java.util.Optional;

/**
 * Allocates one address from one range set, round-robin from the last reserved address as the
 * reference does, skipping gateways. Call inside {@link AllocationStore#locked}.
 */
final class Allocator {
    private final RangeSet set;
    private final int index;
    private final AllocationStore store;

    Allocator(RangeSet set, int index, AllocationStore store) {
        this.set = set;
        this.index = index;
        this.store = store;
    }

    IpConfig allocate(Attachment owner, Optional<IpAddress> requested) {
        Optional<IpAddress> existing = held(owner);
        if (existing.isPresent() && (requested.isEmpty() || requested.get().equals(existing.get()))) {
            return config(existing.get()); // a retried ADD gets the same address
        }
        if (requested.isPresent()) {
            return claimRequested(owner, requested.get());
        }
        IpAddress start = startAfter(store.lastReserved(index));
        IpAddress ip = start;
        do {
            if (!isGateway(ip) && store.reserve(ip, owner, index)) {
                return config(ip);
            }
            ip = next(ip);
        } while (!ip.equals(start));
        throw new CniException(HostLocalErrors.RANGE_EXHAUSTED, "no IP addresses available in range set "
                + set + ": all are allocated", null, null);
    }

    private IpConfig claimRequested(Attachment owner, IpAddress ip) {
        Range r = set.rangeFor(ip).orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "requested IP address " + ip + " is not in range set " + set));
        if (ip.equals(r.gateway())) {
            throw new CniException(HostLocalErrors.ADDRESS_UNAVAILABLE,
                    "requested IP address " + ip + " is the subnet's gateway", null, null);
        }
        if (!store.reserve(ip, owner, index)) {
            throw new CniException(HostLocalErrors.ADDRESS_UNAVAILABLE, "requested IP address " + ip
                    + " is not available in range set " + set + ": it is allocated", null, null);
        }
        return config(ip);
    }

    private Optional<IpAddress> held(Attachment owner) {
        return store.heldBy(owner, owner::equals).stream().filter(ip -> set.rangeFor(ip).isPresent()).findFirst();
    }

    private boolean isGateway(IpAddress ip) {
        return set.ranges().stream().anyMatch(r -> r.gateway().equals(ip));
    }

    /** The address after the last reserved one, or the very first when that is unknown or foreign. */
    private IpAddress startAfter(Optional<IpAddress> last) {
        return last.filter(ip -> set.rangeFor(ip).isPresent()).map(this::next)
                .orElse(set.ranges().getFirst().start());
    }

    /** The next address in range order, wrapping from the end of the last range to the first. */
    private IpAddress next(IpAddress ip) {
        for (int i = 0; i < set.ranges().size(); i++) {
            Range r = set.ranges().get(i);
            if (r.contains(ip)) {
                if (!ip.equals(r.end())) {
                    return ip.plus(1);
                }
                return set.ranges().get((i + 1) % set.ranges().size()).start();
            }
        }
        return set.ranges().getFirst().start();
    }

    private IpConfig config(IpAddress ip) {
        Range r = set.rangeFor(ip).orElseThrow();
        IpAddress gw = r.gateway();
        return new IpConfig(new InterfaceAddress(ip, r.subnet().prefixLength()),
                r.subnet().contains(gw) ? gw : null, null);
    }
}
