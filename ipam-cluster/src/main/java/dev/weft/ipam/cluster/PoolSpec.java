package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code weft ipam pool add NAME CIDR [--block-size N] [--exclude CIDR|RANGE...] [--gateway IP]
 * [--strict-affinity]} as text; {@link #toPool()} parses it, an error naming the option.
 */
public record PoolSpec(String name, String cidr, Optional<Integer> blockSize, List<String> excludes, Optional<String> gateway,
                       boolean strictAffinity) {
    public PoolSpec {
        blockSize = blockSize == null ? Optional.empty() : blockSize;
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        gateway = gateway == null ? Optional.empty() : gateway;
    }

    public Pool toPool() {
        Cidr c = field("CIDR", () -> Cidr.parse(cidr));
        List<IpRange> ex = new ArrayList<>();
        for (String e : excludes) {
            ex.add(field("--exclude", () -> IpRange.parse(e)));
        }
        Optional<IpAddress> gw = gateway.isEmpty() ? Optional.empty()
                : Optional.of(field("--gateway", () -> IpAddress.parse(gateway.get())));
        int bs = blockSize.orElse(Pool.defaultBlockSize(c));
        return field("pool", () -> new Pool(name, c, bs, ex, gw, strictAffinity));
    }

    private static <T> T field(String field, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IpamException(IpamError.INVALID_ARGUMENT, field, field + ": " + e.getMessage(), e);
        }
    }
}
