package dev.weft.cnm.state;

import dev.weft.net.InterfaceAddress;

/**
 * An endpoint plumbed for Docker: its address, the device Docker moves into the sandbox
 * ({@code srcName}, in the host namespace until Join) and the host end of its veth pair on the
 * bridge ({@code hostVeth}), which takes the pair with it when deleted.
 */
public record EndpointRecord(String id, String networkId, InterfaceAddress address, String srcName,
                             String hostVeth) {
    public EndpointRecord {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("endpoint id is required");
        }
        if (networkId == null || networkId.isEmpty()) {
            throw new IllegalArgumentException("endpoint networkId is required");
        }
    }
}
