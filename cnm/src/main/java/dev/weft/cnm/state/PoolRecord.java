package dev.weft.cnm.state;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.nio.file.Path;

/**
 * A pool the IPAM driver handed to Docker: its CIDR, the gateway it answers for the gateway
 * request, and the host-local store its addresses live in ({@code storeDir/storeNetwork}, the
 * reference layout). {@code nodeSubnet}: the pool is the node's subnet from the agent, shared
 * with the node's CNI pods (same store, same bridge).
 */
public record PoolRecord(String id, Cidr cidr, IpAddress gateway, Path storeDir, String storeNetwork,
                         boolean nodeSubnet) {
    public PoolRecord {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("pool id is required");
        }
        if (!cidr.contains(gateway)) {
            throw new IllegalArgumentException("pool gateway " + gateway + " is outside " + cidr);
        }
    }

    /** The pool ID Docker sees: stable for a CIDR, so identical requests get the same answer. */
    public static String idFor(Cidr cidr) {
        return "weft/" + cidr;
    }
}
