package dev.weft.policy.manifest;

import dev.weft.policy.PolicyException;
import dev.weft.policy.testing.SamplePolicies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy YAML is untrusted input: mutated manifests must either parse or fail with {@link PolicyException},
 * never with another exception type, a hang or a stack overflow.
 */
class PolicyManifestFuzzTest {
    private static final String ALPHABET = ":-[]{}\n '\"0123456789abcxyz/.&*!|>#,";

    static LongStream seeds() {
        return LongStream.range(0, 250);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mutatedManifestsParseOrFailCleanly(long seed) {
        Random r = new Random(seed);
        String text = SamplePolicies.E2E;
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            text = mutate(text, r);
        }
        try {
            assertThat(PolicyManifest.parse(text)).isNotNull();
        } catch (PolicyException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static String mutate(String text, Random r) {
        int at = r.nextInt(text.length());
        return switch (r.nextInt(4)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + ALPHABET.charAt(r.nextInt(ALPHABET.length())) + text.substring(at);
            case 2 -> {
                List<String> lines = new ArrayList<>(text.lines().toList());
                int l = r.nextInt(lines.size());
                lines.add(l, lines.get(r.nextInt(lines.size())));
                yield String.join("\n", lines);
            }
            default -> "[".repeat(r.nextInt(3) * 300) + text;
        };
    }
}
