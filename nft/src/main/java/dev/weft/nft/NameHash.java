package dev.weft.nft;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short, stable names for nftables objects and rule tags derived from longer text: nftables names
 * are at most 64 characters and comments 128, container IDs 64 and Kubernetes names up to 253.
 * The first bytes of SHA-256, in hex.
 */
public final class NameHash {
    private NameHash() {
    }

    /** The first {@code bytes} bytes of SHA-256 of {@code text} (UTF-8), as {@code 2 * bytes} hex digits. */
    public static String hex(String text, int bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
