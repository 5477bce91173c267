package dev.weft.cnm.state;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/**
 * A Docker network served by the network driver: its bridge, its IPv4 pool and gateway (from
 * Docker's IPv4Data, given by the IPAM driver), and the settings handed to weft-bridge.
 */
public record NetworkRecord(String id, String bridge, Cidr pool, IpAddress gateway, boolean ipMasq,
                            Cidr ipMasqNetwork, int mtu) {
    public NetworkRecord {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("network id is required");
        }
        if (!pool.contains(gateway)) {
            throw new IllegalArgumentException("network gateway " + gateway + " is outside pool " + pool);
        }
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
            throw new IllegalArgumentException("mtu must be between 68 and 65535, not " + mtu);
        }
    }

    /** The CNI network name of the network's attachments (keys of its masquerade rules). */
    public String cniName() {
        return "cnm-" + id.substring(0, Math.min(12, id.length()));
    }
}
