package dev.weft.policy.testing;

/** Small builders for policy manifests in tests, so each case shows only its spec. */
public final class Yaml {
    private Yaml() {
    }

    /** A NetworkPolicy document; {@code spec} is the YAML under {@code spec:}, unindented. */
    public static String policy(String namespace, String name, String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name
                + "\n  namespace: " + namespace + "\nspec:\n" + spec.stripIndent().lines()
                .map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }

    /** Several documents joined with {@code ---}. */
    public static String docs(String... documents) {
        return String.join("---\n", documents);
    }
}
