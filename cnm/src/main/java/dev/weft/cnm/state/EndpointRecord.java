package dev.weft.cnm.state;

import dev.weft.net.InterfaceAddress;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An endpoint plumbed for Docker: its address, the device Docker moves into the sandbox
 * ({@code srcName}, in the host namespace until Join) and the host end of its veth pair on the
 * bridge ({@code hostVeth}), which takes the pair with it when deleted; from Join on, the sandbox's
 * network namespace ({@code sandboxKey}, the path Docker gives, e.g. {@code EXECROOT/netns/ID}).
 */
public record EndpointRecord(String id, String networkId, InterfaceAddress address, String srcName,
                             String hostVeth, Optional<Path> sandboxKey) {
    public EndpointRecord {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("endpoint id is required");
        }
        if (networkId == null || networkId.isEmpty()) {
            throw new IllegalArgumentException("endpoint networkId is required");
        }
        sandboxKey = sandboxKey == null ? Optional.empty() : sandboxKey;
        sandboxKey.filter(p -> !p.isAbsolute()).ifPresent(p -> {
            throw new IllegalArgumentException("endpoint sandboxKey \"" + p + "\" is not an absolute path");
        });
    }

    /** Before Join: no sandbox yet. */
    public EndpointRecord(String id, String networkId, InterfaceAddress address, String srcName, String hostVeth) {
        this(id, networkId, address, srcName, hostVeth, Optional.empty());
    }

    public EndpointRecord joined(Path sandboxKey) {
        return new EndpointRecord(id, networkId, address, srcName, hostVeth, Optional.of(sandboxKey));
    }
}
