package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/**
 * One address of a handle: where it lives (pool, block), the sequence number of its allocation,
 * and when the entry was written (an entry its block does not confirm may be a write under way
 * while it is young).
 */
public record HandleAddress(IpAddress ip, String pool, Cidr block, long seq, long at) {
    public HandleAddress {
        if (ip == null || block == null) {
            throw new IllegalArgumentException("handle address needs ip and block");
        }
        Names.pool("handle address pool", pool);
        if (!block.contains(ip)) {
            throw new IllegalArgumentException("handle address " + ip + " is not in its block " + block);
        }
        if (seq <= 0) {
            throw new IllegalArgumentException("handle address " + ip + ": seq must be positive, not " + seq);
        }
    }
}
