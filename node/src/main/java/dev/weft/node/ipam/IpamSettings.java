package dev.weft.node.ipam;

import dev.weft.ipam.cluster.IpamGc;
import dev.weft.ipam.cluster.LaneSettings;
import dev.weft.ipam.cluster.plugin.DatastoreUrl;
import dev.weft.ipam.cluster.plugin.WeftIpamConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's cluster-IPAM settings: the datastore as the agent was told it (so weft-ipam calls
 * naming it share the agent's client), whether the GC loop runs ({@code AUTO}: once the cluster
 * has pools), how often, the grace period before an absent attachment's address is released, and
 * the weft-ipam data dir holding this node's attachment records (the plugin's {@code dataDir}), and
 * how many addresses per pool the node keeps reserved ahead of its ADDs ({@code reserve}; 0: none,
 * every ADD takes the datastore's path).
 */
public record IpamSettings(Optional<String> datastore, Mode gc, Duration period, Duration grace, Path dataDir,
                           int reserve) {
    /** Reserved addresses per pool unless told otherwise (Calico's IPAM reserves none; see ipam-cluster's notes). */
    public static final int DEFAULT_RESERVE = 8;

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
        if (reserve < 0 || reserve > 256) {
            throw new IllegalArgumentException("--ipam-reserve must be 0-256, not " + reserve);
        }
    }

    /** The reservation lane's settings: keep {@code reserve} per pool, refill below half; empty when 0. */
    public Optional<LaneSettings> lanes() {
        return reserve == 0 ? Optional.empty() : Optional.of(LaneSettings.defaults().withTarget(reserve));
    }

    /** Loop while pools exist, every minute, the core's 10-minute grace, the plugin's default data dir. */
    public static IpamSettings defaults(Optional<String> datastore) {
        return new IpamSettings(datastore, Mode.AUTO, Duration.ofMinutes(1), IpamGc.DEFAULT_GRACE,
                WeftIpamConfig.DEFAULT_DATA_DIR, DEFAULT_RESERVE);
    }
}
