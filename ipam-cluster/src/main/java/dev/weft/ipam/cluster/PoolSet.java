package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every pool, kept in one datastore document so that adding a pool and refusing an overlap is one
 * compare-and-swap (two concurrent adds of overlapping pools cannot both win).
 */
public record PoolSet(List<Pool> pools) {
    public static final PoolSet EMPTY = new PoolSet(List.of());

    public PoolSet {
        List<Pool> sorted = new ArrayList<>(pools);
        sorted.sort(Comparator.comparing(Pool::name));
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                Pool a = sorted.get(i);
                Pool b = sorted.get(j);
                if (a.name().equals(b.name())) {
                    throw new IpamException(IpamError.POOL_EXISTS, "pool", "pool " + a.name() + " already exists");
                }
                if (a.cidr().overlaps(b.cidr())) {
                    throw new IpamException(IpamError.POOL_OVERLAP, "cidr", "pool " + b.name() + " (" + b.cidr()
                            + ") overlaps pool " + a.name() + " (" + a.cidr() + ")");
                }
            }
        }
        pools = List.copyOf(sorted);
    }

    public Optional<Pool> find(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<Pool> containing(IpAddress ip) {
        return pools.stream().filter(p -> p.cidr().contains(ip)).findFirst();
    }

    /** This set plus {@code pool}; a name taken or an overlap is an {@link IpamException}. */
    public PoolSet with(Pool pool) {
        for (Pool p : pools) {
            if (p.name().equals(pool.name())) {
                throw new IpamException(IpamError.POOL_EXISTS, "name", "pool " + pool.name() + " already exists ("
                        + p.cidr() + ")");
            }
            if (p.cidr().overlaps(pool.cidr())) {
                throw new IpamException(IpamError.POOL_OVERLAP, "cidr", "pool " + pool.name() + " (" + pool.cidr()
                        + ") overlaps pool " + p.name() + " (" + p.cidr() + ")");
            }
        }
        List<Pool> next = new ArrayList<>(pools);
        next.add(pool);
        return new PoolSet(next);
    }

    public PoolSet without(String name) {
        return new PoolSet(pools.stream().filter(p -> !p.name().equals(name)).toList());
    }
}
