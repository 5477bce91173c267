package dev.weft.bgp.bird;

import dev.weft.net.Cidr;

import java.util.List;
import java.util.TreeSet;

/**
 * A weft-ipam pool as one node's BIRD sees it (Calico's way with BIRD): the pool and its block
 * length (what may be imported: prefixes inside the pool, from a block to a host), this node's own
 * blocks and the host prefixes it borrowed from other blocks (what it originates, as blackholes only
 * BGP sees; a borrowed /32 wins over its block's aggregate by longest prefix), and what the other
 * nodes hold now — their blocks and their borrowed host prefixes — for the held-prefixes filter of
 * explicit peers. This node's own blocks and borrowed addresses are never imported.
 */
public record BirdPool(Cidr cidr, int blockLength, List<Cidr> ownBlocks, List<Cidr> borrowed, List<Cidr> othersHeld) {
    public BirdPool {
        if (cidr == null || !cidr.isV4()) {
            throw new IllegalArgumentException("pool.cidr: an IPv4 network is required (the bgp backend is IPv4 only), got "
                    + cidr);
        }
        if (blockLength < cidr.prefixLength() || blockLength > 32) {
            throw new IllegalArgumentException("pool.blockLength: /" + blockLength + " does not fit in " + cidr);
        }
        ownBlocks = sorted("pool.ownBlocks", cidr, ownBlocks);
        borrowed = sorted("pool.borrowed", cidr, borrowed);
        othersHeld = sorted("pool.othersHeld", cidr, othersHeld);
        for (Cidr b : ownBlocks) {
            if (b.prefixLength() != blockLength) {
                throw new IllegalArgumentException("pool.ownBlocks: " + b + " is not a /" + blockLength + " block");
            }
        }
        for (Cidr b : borrowed) {
            if (b.prefixLength() != 32) {
                throw new IllegalArgumentException("pool.borrowed: " + b + " is not a host prefix");
            }
        }
    }

    /** Everything this node originates: its blocks, then its borrowed host prefixes. */
    public List<Cidr> originated() {
        List<Cidr> out = new java.util.ArrayList<>(ownBlocks);
        out.addAll(borrowed);
        return List.copyOf(out);
    }

    /** The prefixes BIRD may learn from the pool: {@code 10.60.0.0/16{26,32}}. */
    String importable() {
        return cidr + "{" + blockLength + ",32}";
    }

    private static List<Cidr> sorted(String field, Cidr pool, List<Cidr> in) {
        if (in == null) {
            throw new IllegalArgumentException(field + ": required (empty for none)");
        }
        for (Cidr c : in) {
            if (c == null || !pool.contains(c)) {
                throw new IllegalArgumentException(field + ": " + c + " is outside the pool " + pool);
            }
        }
        return List.copyOf(new TreeSet<>(in));
    }
}
