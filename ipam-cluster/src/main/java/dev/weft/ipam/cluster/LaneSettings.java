package dev.weft.ipam.cluster;

import java.time.Duration;

/**
 * Tuning of a node's {@link ReservedLane}: below {@code lowWater} unused reservations in a pool it
 * reserves up to {@code target} in one transaction per block; {@code writeBackBatch} attachments
 * at most per write-back transaction (each costs two of etcd's 128 operations); {@code background}
 * runs the write-back and refill thread (tests drive {@link ReservedLane#flush} and
 * {@link ReservedLane#refill} instead); after giving its reservations of a pool back, the node
 * reserves none there for {@code coolDown}.
 */
public record LaneSettings(int lowWater, int target, int writeBackBatch, boolean background, Duration coolDown) {
    public LaneSettings {
        if (target < 1 || target > 256) {
            throw new IllegalArgumentException("reservation target must be 1-256, not " + target);
        }
        if (lowWater < 0 || lowWater > target) {
            throw new IllegalArgumentException("reservation lowWater must be 0-" + target + ", not " + lowWater);
        }
        if (writeBackBatch < 1 || writeBackBatch > 31) {
            throw new IllegalArgumentException("writeBackBatch must be 1-31, not " + writeBackBatch);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("coolDown must be zero or positive");
        }
    }

    /** 8 reservations kept per pool, refilled below 4; 16 attachments per write-back; a background thread; 1 min cool-down. */
    public static LaneSettings defaults() {
        return new LaneSettings(4, 8, 16, true, Duration.ofMinutes(1));
    }

    /** The same keeping {@code target} reserved, refilled below half of it. */
    public LaneSettings withTarget(int target) {
        return new LaneSettings(target / 2, target, writeBackBatch, background, coolDown);
    }

    /** The same without the background thread (tests call flush and refill). */
    public LaneSettings manual() {
        return new LaneSettings(lowWater, target, writeBackBatch, false, coolDown);
    }
}
