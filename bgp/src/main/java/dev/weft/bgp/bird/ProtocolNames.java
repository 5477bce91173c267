package dev.weft.bgp.bird;

import java.util.HashSet;
import java.util.Set;

/**
 * BIRD protocol names for weft's sessions. A BIRD symbol is letters, digits and '_' (up to 64
 * characters), so {@code node-1} becomes {@code node_node_1}; names that clash after that get a
 * counter, and long ones a hash, so each session has a stable, unique name for a given input.
 */
final class ProtocolNames {
    private static final int MAX = 48;
    private final Set<String> used = new HashSet<>();

    ProtocolNames(Set<String> reserved) {
        used.addAll(reserved);
    }

    String allocate(String prefix, String name) {
        String base = prefix + name.replaceAll("[^A-Za-z0-9_]", "_");
        if (base.length() > MAX) {
            base = base.substring(0, MAX - 9) + "_" + String.format("%08x", name.hashCode());
        }
        String candidate = base;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }
}
