package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * An IP pool: a CIDR cut into blocks of {@code /blockSize} that nodes claim. Never allocated: the
 * excluded ranges, the gateway, and for IPv4 pools wider than /31 the pool's network and broadcast
 * addresses (the pool may be a real L2 subnet on an underlay). {@code strictAffinity} forbids
 * borrowing addresses from other nodes' blocks.
 */
public record Pool(String name, Cidr cidr, int blockSize, List<IpRange> excludes, Optional<IpAddress> gateway,
                   boolean strictAffinity) {
    /** A block holds at most 2^12 addresses: blocks are rewritten whole on every allocation. */
    public static final int MAX_BLOCK_BITS = 12;

    public Pool {
        Names.pool("pool name", name);
        if (cidr == null) {
            throw new IllegalArgumentException("pool " + name + ": cidr is required");
        }
        int bits = cidr.network().bitLength();
        if (blockSize < cidr.prefixLength() || blockSize > bits) {
            throw new IllegalArgumentException("pool " + name + ": block-size /" + blockSize + " must lie between the pool's /"
                    + cidr.prefixLength() + " and /" + bits);
        }
        if (bits - blockSize > MAX_BLOCK_BITS) {
            throw new IllegalArgumentException("pool " + name + ": block-size /" + blockSize + " holds more than 2^"
                    + MAX_BLOCK_BITS + " addresses; use /" + (bits - MAX_BLOCK_BITS) + " or longer");
        }
        excludes = List.copyOf(excludes);
        for (int i = 0; i < excludes.size(); i++) {
            if (!excludes.get(i).within(cidr)) {
                throw new IllegalArgumentException("pool " + name + ": exclude[" + i + "] " + excludes.get(i)
                        + " is not inside " + cidr);
            }
        }
        gateway = gateway == null ? Optional.empty() : gateway;
        gateway.filter(g -> !cidr.contains(g)).ifPresent(g -> {
            throw new IllegalArgumentException("pool " + name + ": gateway " + g + " is not inside " + cidr);
        });
    }

    /** /26 for IPv4 and /122 for IPv6 (64 addresses, Calico's defaults), or the pool itself when smaller. */
    public static int defaultBlockSize(Cidr cidr) {
        return Math.max(cidr.prefixLength(), cidr.isV4() ? 26 : 122);
    }

    /** The block holding {@code ip} (which must be in the pool). */
    public Cidr blockOf(IpAddress ip) {
        return Cidr.of(ip, blockSize);
    }

    /** Addresses per block. */
    public int blockAddresses() {
        return 1 << (cidr.network().bitLength() - blockSize);
    }

    /** How many blocks the pool holds (may be astronomically many for IPv6). */
    public BigInteger blockCount() {
        return BigInteger.ONE.shiftLeft(blockSize - cidr.prefixLength());
    }

    /** The {@code index}-th block of the pool. */
    public Cidr block(BigInteger index) {
        BigInteger base = cidr.network().toBigInteger().add(index.shiftLeft(cidr.network().bitLength() - blockSize));
        return new Cidr(IpAddress.ofBigInteger(base, cidr.network().isV6()), blockSize);
    }

    /** Ordinals of {@code block} that are never allocated (see the type's notes). */
    public BitSet reserved(Cidr block) {
        BitSet out = new BitSet(blockAddresses());
        if (cidr.isV4() && cidr.prefixLength() < 31) {
            mark(out, block, new IpRange(cidr.network(), cidr.network()));
            mark(out, block, new IpRange(cidr.last(), cidr.last()));
        }
        gateway.ifPresent(g -> mark(out, block, new IpRange(g, g)));
        excludes.forEach(r -> mark(out, block, r));
        return out;
    }

    private static void mark(BitSet out, Cidr block, IpRange r) {
        BigInteger lo = block.network().toBigInteger();
        BigInteger hi = block.last().toBigInteger();
        BigInteger from = r.first().toBigInteger().max(lo);
        BigInteger to = r.last().toBigInteger().min(hi);
        if (from.compareTo(to) <= 0) {
            out.set(from.subtract(lo).intValueExact(), to.subtract(lo).intValueExact() + 1);
        }
    }

    /** How many addresses of the pool may ever be allocated (its size less the reserved ones). */
    public BigInteger allocatableCount() {
        List<IpRange> reserved = new java.util.ArrayList<>(excludes);
        gateway.ifPresent(g -> reserved.add(new IpRange(g, g)));
        if (cidr.isV4() && cidr.prefixLength() < 31) {
            reserved.add(new IpRange(cidr.network(), cidr.network()));
            reserved.add(new IpRange(cidr.last(), cidr.last()));
        }
        reserved.sort(java.util.Comparator.comparing(IpRange::first));
        BigInteger taken = BigInteger.ZERO;
        BigInteger end = BigInteger.valueOf(-1); // last address counted so far
        for (IpRange r : reserved) {
            BigInteger lo = r.first().toBigInteger().max(end.add(BigInteger.ONE));
            BigInteger hi = r.last().toBigInteger();
            if (lo.compareTo(hi) <= 0) {
                taken = taken.add(hi.subtract(lo).add(BigInteger.ONE));
            }
            end = end.max(hi);
        }
        return cidr.size().subtract(taken);
    }

    /** Whether {@code ip} may ever be allocated. */
    public boolean allocatable(IpAddress ip) {
        if (!cidr.contains(ip)) {
            return false;
        }
        Cidr b = blockOf(ip);
        return !reserved(b).get(Block.ordinal(b, ip));
    }
}
