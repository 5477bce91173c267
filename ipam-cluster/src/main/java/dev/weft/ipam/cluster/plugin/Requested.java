package dev.weft.ipam.cluster.plugin;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.ipam.cluster.Pool;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.net.IpAddress;

import java.util.List;
import java.util.Optional;

/** Matching the addresses a caller asked for to the configured pools: at most one per pool. */
final class Requested {
    private Requested() {
    }

    /** The requested address inside {@code pool}, taken out of {@code unmatched}; none when nothing was asked for there. */
    static Optional<IpAddress> inPool(IpamProvider.Session s, String pool, List<IpAddress> unmatched) {
        if (unmatched.isEmpty()) {
            return Optional.empty(); // the usual ADD: no read of the pools
        }
        Optional<Pool> p = new PoolAdmin(s.datastore()).find(pool);
        if (p.isEmpty()) {
            return Optional.empty(); // allocate() reports the missing pool
        }
        List<IpAddress> mine = unmatched.stream().filter(ip -> p.get().cidr().contains(ip)).toList();
        if (mine.size() > 1) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "requested IP addresses " + mine
                    + " fall in the same pool " + pool + " (" + p.get().cidr() + "): one address per pool");
        }
        unmatched.removeAll(mine);
        return mine.stream().findFirst();
    }
}
