package dev.weft.policy.compile;

import dev.weft.nft.NameHash;

/**
 * Short, stable names for sets and chains derived from what they hold. Kubernetes names are up to 253
 * characters and nftables names 64, so names are hashes; 48 bits make a collision within one node's
 * table (thousands of objects) vanishingly unlikely.
 */
final class ContentHash {
    private ContentHash() {
    }

    static String of(String content) {
        return NameHash.hex(content, 6);
    }
}
