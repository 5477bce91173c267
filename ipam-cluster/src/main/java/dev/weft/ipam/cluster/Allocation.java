package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

import java.util.Optional;

/**
 * An address held by an attachment: the address and its pool (for the prefix and gateway a
 * plugin puts in its result), the block it lives in, the sequence number a later
 * {@link ClusterIpam#releaseIf} must carry, and whether it is borrowed (in a block affine to
 * another node, or to none: routing must announce it as a host route).
 */
public record Allocation(AttachmentId attachment, IpAddress ip, String pool, Cidr poolCidr, Optional<IpAddress> gateway,
                         Cidr block, long seq, boolean borrowed) {
    public Allocation {
        if (!block.contains(ip) || !poolCidr.contains(block)) {
            throw new IllegalArgumentException("allocation " + ip + " is not inside block " + block + " of " + poolCidr);
        }
        gateway = gateway == null ? Optional.empty() : gateway;
    }

    /** The address with the pool's prefix length (an underlay subnet); routed setups use a host prefix instead. */
    public InterfaceAddress inPool() {
        return new InterfaceAddress(ip, poolCidr.prefixLength());
    }
}
