package dev.weft.node.ipam;

import dev.weft.ipam.cluster.IpamGc;
import dev.weft.ipam.cluster.plugin.DatastoreUrl;
import dev.weft.ipam.cluster.plugin.WeftIpamConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's cluster-IPAM settings: the datastore as the agent was told it (so weft-ipam calls
 * naming it share the agent's client), whether the GC loop runs ({@code AUTO}: once the cluster
 * has pools), how often, the grace period before an absent attachment's address is released, and
 * the weft-ipam data dir holding this node's attachment records (the plugin's {@code dataDir}).
 */
public record IpamSettings(Optional<String> datastore, Mode gc, Duration period, Duration grace, Path dataDir) {
    /** When the GC loop runs. */
    public enum Mode {
        /** While the cluster has IP pools. */
        AUTO,
        ON,
        OFF;

        public static Mode parse(String text) {
            try {
                return valueOf(text.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ipam-gc must be auto, on or off, not \"" + text + "\"", e);
            }
        }
    }

    public IpamSettings {
        datastore = datastore.map(DatastoreUrl::normalize);
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("--ipam-gc-period must be positive, not " + period);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("--ipam-gc-grace must not be negative, not " + grace);
        }
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("--ipam-data-dir must be absolute, not " + dataDir);
        }
    }

    /** Loop while pools exist, every minute, the core's 10-minute grace, the plugin's default data dir. */
    public static IpamSettings defaults(Optional<String> datastore) {
        return new IpamSettings(datastore, Mode.AUTO, Duration.ofMinutes(1), IpamGc.DEFAULT_GRACE,
                WeftIpamConfig.DEFAULT_DATA_DIR);
    }
}
