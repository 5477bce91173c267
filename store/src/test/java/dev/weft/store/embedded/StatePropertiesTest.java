package dev.weft.store.embedded;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the decoder of the embedded store's file (jqwik), which anyone with write access to the
 * file, a full disk or a crash can damage: any bytes either decode to a state or fail with
 * {@link StateFormatException}; nothing else escapes, and what decodes re-encodes to a file that
 * decodes to the same state.
 */
class StatePropertiesTest {
    private static final String GOOD = new String(StateCodec.encode(StateTest.sample()), StandardCharsets.UTF_8);
    private static final String JSON_ALPHABET = "{}[]:,\"0123456789-.eE+ truefalsn\\/abcxyzAZ=";

    @Property(tries = 3000)
    void arbitraryBytesDecodeOrFailWithAStateFormatException(@ForAll @Size(max = 1024) byte[] bytes) {
        decodesOrFailsCleanly(bytes);
    }

    @Property(tries = 3000)
    void jsonishTextDecodesOrFailsWithAStateFormatException(@ForAll("jsonish") String text) {
        decodesOrFailsCleanly(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A good file with edits: the structure mostly survives, so every field's check is reached. */
    @Property(tries = 5000)
    void editedFilesDecodeOrFailWithAStateFormatException(@ForAll @Size(min = 1, max = 4) List<@IntRange(max = 1_000_000) Integer> at,
                                                          @ForAll("jsonish") String insert, @ForAll @IntRange(max = 2) int kind) {
        String t = GOOD;
        for (int a : at) {
            int i = a % t.length();
            t = switch (kind) {
                case 0 -> t.substring(0, i) + t.substring(Math.min(t.length(), i + 1 + insert.length() % 5));
                case 1 -> t.substring(0, i) + insert + t.substring(i);
                default -> t.substring(0, i) + (insert.isEmpty() ? "" : insert.substring(0, 1)) + t.substring(i + 1);
            };
        }
        decodesOrFailsCleanly(t.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars(JSON_ALPHABET).ofMaxLength(120);
    }

    private static void decodesOrFailsCleanly(byte[] bytes) {
        State s;
        try {
            s = StateCodec.decode(bytes);
        } catch (StateFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return;
        }
        byte[] again = StateCodec.encode(s);
        try {
            assertThat(StateCodec.encode(StateCodec.decode(again))).isEqualTo(again);
        } catch (StateFormatException e) {
            throw new AssertionError("a decoded state re-encodes to a file that does not decode: " + e.getMessage(), e);
        }
    }
}
