package dev.weft.policy.manifest;

import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PolicyException;
import dev.weft.policy.testing.SamplePolicies;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the agent-side parser of policy manifests (jqwik), YAML and JSON: arbitrary and mutated
 * input either parses or fails with {@link PolicyException}, never another exception, a hang or a
 * stack overflow; what parses stores as JSON that parses back to the same policies.
 */
class PolicyManifestPropertiesTest {
    private static final String YAML_ALPHABET = ":-[]{}\n '\"0123456789abcxyz/.&*!|>#,<?%@`\t\\";
    private static final String JSON_SAMPLE = storedJson();

    @Property(tries = 2000)
    void arbitraryBytesParseOrFailWithAPolicyException(@ForAll @Size(max = 512) byte[] bytes) {
        parsesOrFailsCleanly(() -> PolicyManifest.parseEach(PolicyManifest.text(bytes)));
    }

    @Property(tries = 2000)
    void yamlishTextParsesOrFailsWithAPolicyException(@ForAll("yamlish") String text) {
        parsesOrFailsCleanly(() -> PolicyManifest.parseEach(text));
    }

    /** The e2e sample manifest with edits: structure mostly intact, so the readers deep inside are exercised. */
    @Property(tries = 2000)
    void mutatedYamlManifestsParseOrFailWithAPolicyException(@ForAll("edits") List<Edit> edits) {
        parsesOrFailsCleanly(() -> PolicyManifest.parseEach(apply(SamplePolicies.E2E, edits)));
    }

    @Property(tries = 2000)
    void mutatedJsonManifestsParseOrFailWithAPolicyException(@ForAll("edits") List<Edit> edits) {
        parsesOrFailsCleanly(() -> PolicyManifest.parseEach(apply(JSON_SAMPLE, edits)));
    }

    /** Documents built of anchors, aliases and merge keys in random places: resolved, or refused with a PolicyException. */
    @Property(tries = 2000)
    void randomAnchorsAndAliasesResolveOrFailWithAPolicyException(@ForAll("aliased") String text) {
        parsesOrFailsCleanly(() -> PolicyManifest.parseEach(text));
    }

    /** Whatever parses is stored as JSON that parses back to the same policies (the agents read only that). */
    @Property(tries = 1000)
    void whatParsesIsStoredAsEquivalentJson(@ForAll("edits") List<Edit> edits) {
        List<PolicyManifest.Sourced> each;
        try {
            each = PolicyManifest.parseEach(apply(SamplePolicies.E2E, edits));
        } catch (PolicyException rejected) {
            return;
        }
        for (PolicyManifest.Sourced s : each) {
            List<NetworkPolicy> back = PolicyManifest.parse(s.json());
            assertThat(back).containsExactly(s.policy());
        }
    }

    /** One edit of a text: delete, insert or replace around a position given as a fraction of its length. */
    record Edit(int kind, double where, String text) {
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.doubles().between(0, 1),
                Arbitraries.strings().withChars(YAML_ALPHABET).ofMinLength(1).ofMaxLength(4)).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.strings().withChars(YAML_ALPHABET).ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> aliased() {
        Arbitrary<String> name = Arbitraries.of("a", "b", "c");
        Arbitrary<String> leaf = Arbitraries.oneOf(name.map(n -> "*" + n), Arbitraries.of("x", "80", "{}", "[]", "{app: web}"),
                name.map(n -> "&" + n + " {app: web}"), name.map(n -> "&" + n + " [1, *" + n + "]"));
        Arbitrary<String> entry = Combinators.combine(Arbitraries.of("podSelector", "matchLabels", "<<", "spec", "ingress", "k"), leaf)
                .as((k, v) -> k + ": " + v);
        return entry.list().ofMinSize(1).ofMaxSize(6).map(l -> "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                + "metadata: {name: p, namespace: x}\nspec:\n  podSelector: {}\n  " + String.join("\n  ", l) + "\n");
    }

    private static String apply(String text, List<Edit> edits) {
        String t = text;
        for (Edit e : edits) {
            int at = (int) (e.where() * t.length());
            t = switch (e.kind()) {
                case 0 -> t.substring(0, at) + t.substring(Math.min(t.length(), at + e.text().length()));
                case 1 -> t.substring(0, at) + e.text() + t.substring(at);
                default -> t.substring(0, at) + e.text() + t.substring(Math.min(t.length(), at + 1));
            };
        }
        return t;
    }

    private static void parsesOrFailsCleanly(Runnable parse) {
        try {
            parse.run();
        } catch (PolicyException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static String storedJson() {
        List<PolicyManifest.Sourced> each = PolicyManifest.parseEach(SamplePolicies.E2E);
        return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + String.join(",", each.stream().map(PolicyManifest.Sourced::json).toList()) + "]}";
    }
}
