package dev.weft.bgp;

/** The one check of a node name inside BGP settings: what a datastore key segment can hold. */
final class NodeNames {
    private NodeNames() {
    }

    static String check(String node, String field) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException(field + ": node name is empty");
        }
        if (node.length() > 253 || !node.equals(node.strip()) || node.contains("/")
                || node.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException(field + ": not a node name: \"" + node + "\"");
        }
        return node;
    }
}
