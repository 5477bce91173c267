package dev.weft.policy.compile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short, stable names for sets and chains derived from what they hold. Kubernetes names are up to 253
 * characters and nftables names 64, so names are hashes; 48 bits make a collision within one node's
 * table (thousands of objects) vanishingly unlikely.
 */
final class ContentHash {
    private ContentHash() {
    }

    static String of(String content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
