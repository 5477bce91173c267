package dev.weft.node.backend;

import dev.weft.netlink.ethtool.Ethtool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What to do with TX checksum offload on the VXLAN device: {@code auto} turns it off only on
 * kernels with the known VXLAN checksum bug (before 5.7, as Calico does), {@code off} always,
 * {@code on} never touches it.
 */
public enum TxChecksum {
    AUTO, ON, OFF;

    public static TxChecksum parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--vxlan-tx-checksum \"" + s + "\": expected auto, on or off", e);
        }
    }

    /** Whether to turn offload off on a kernel of release {@code kernel} (e.g. "6.1.0-18-amd64"). */
    public boolean disable(String kernel) {
        return switch (this) {
            case ON -> false;
            case OFF -> true;
            case AUTO -> Ethtool.vxlanChecksumBroken(kernel);
        };
    }

    /** This machine's kernel release. */
    public static String runningKernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
