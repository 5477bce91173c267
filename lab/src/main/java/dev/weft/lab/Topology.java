package dev.weft.lab;

import java.util.Locale;

/** The lab's underlay: one L2 segment, or two subnets joined by a router. */
public enum Topology {
    L2, L3;

    public static Topology parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "l2" -> L2;
            case "l3" -> L3;
            default -> throw new IllegalArgumentException("--topology \"" + s + "\": expected l2 or l3");
        };
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
