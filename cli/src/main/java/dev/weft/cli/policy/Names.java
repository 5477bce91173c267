package dev.weft.cli.policy;

/** {@code NS/NAME} arguments. */
final class Names {
    private Names() {
    }

    static String[] split(String key, String what) {
        String[] p = key.split("/", -1);
        if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new IllegalArgumentException(what + " \"" + key + "\": expected NAMESPACE/NAME");
        }
        return p;
    }
}
