package dev.weft.plugins.meta;

import dev.weft.cni.json.Fields;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code weft} plugin's configuration: where the agent's {@code subnet.env} is, where the
 * plugin keeps its per-attachment state, where its IPAM keeps addresses (default: the IPAM
 * plugin's own), and {@code delegate}, keys that override the delegate configuration it builds.
 * Paths are absolute and normal.
 */
public record WeftConfig(Path subnetFile, Path dataDir, Optional<Path> ipamDataDir, Optional<ObjectNode> delegate) {
    static final Path DEFAULT_SUBNET_FILE = Path.of("/run/weft/subnet.env");
    static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/cni/weft");

    public static WeftConfig parse(ObjectNode conf) {
        Fields f = Fields.ofConfig(conf, "");
        return new WeftConfig(f.absolutePath("subnetFile").orElse(DEFAULT_SUBNET_FILE),
                f.absolutePath("dataDir").orElse(DEFAULT_DATA_DIR), f.absolutePath("ipamDataDir"), f.object("delegate"));
    }
}
