package dev.weft.ipam.cluster.plugin;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name, as {@code weft agent} takes it for its default node name, without a resolver lookup. */
final class HostName {
    private HostName() {
    }

    static String current() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException e) {
            // not Linux, or no /proc: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell this host's name; set ipam.node", e);
        }
    }
}
