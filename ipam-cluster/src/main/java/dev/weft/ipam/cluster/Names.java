package dev.weft.ipam.cluster;

import java.util.regex.Pattern;

/** The names that become datastore key segments: nodes and pools. */
final class Names {
    private static final Pattern NODE = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9_.\\-]{0,252})");
    private static final Pattern POOL = Pattern.compile("[a-z0-9]([a-z0-9_.\\-]{0,62})");

    private Names() {
    }

    /** A node name (a host name): letters, digits, '.', '_', '-', at most 253 characters. */
    static String node(String field, String value) {
        if (value == null || !NODE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " \"" + value
                    + "\" must be 1-253 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    /** A pool name: lower-case letters, digits, '.', '_', '-', at most 63 characters. */
    static String pool(String field, String value) {
        if (value == null || !POOL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " \"" + value
                    + "\" must be 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }
}
