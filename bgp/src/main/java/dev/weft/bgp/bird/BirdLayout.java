package dev.weft.bgp.bird;

import java.nio.file.Path;

/**
 * Where one BIRD keeps its files, all under weft's run directory (never /etc/bird, never the
 * system's bird service): its configuration, control socket, pid file and log, plus the candidate
 * configuration being checked and the last one that failed the check (kept for the operator).
 * A unix socket path must fit in 108 bytes, so keep {@code dir} short.
 */
public record BirdLayout(Path dir) {
    public BirdLayout {
        dir = dir.toAbsolutePath().normalize();
        if (dir.resolve("bird.ctl").toString().length() > 107) {
            throw new IllegalArgumentException("dir: too long for a unix socket path (108 bytes): " + dir);
        }
    }

    public Path config() {
        return dir.resolve("bird.conf");
    }

    public Path socket() {
        return dir.resolve("bird.ctl");
    }

    public Path pidFile() {
        return dir.resolve("bird.pid");
    }

    public Path log() {
        return dir.resolve("bird.log");
    }

    public Path candidate() {
        return dir.resolve("bird.conf.check");
    }

    public Path rejected() {
        return dir.resolve("bird.conf.rejected");
    }
}
