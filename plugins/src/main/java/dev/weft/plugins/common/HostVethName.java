package dev.weft.plugins.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Host-side veth names: {@code veth} + 8 random hex digits, as the reference plugins do. */
public final class HostVethName {
    private static final SecureRandom RANDOM = new SecureRandom();

    private HostVethName() {
    }

    public static String random() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "veth" + HexFormat.of().formatHex(b);
    }
}
