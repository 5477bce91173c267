package dev.weft.fastpath;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Seeded fuzzing: any input either decodes to a valid value or fails with a FrameException. */
class FrameFuzzTest {
    private static final int ROUNDS = 20_000;

    @Test
    void mutatedRequestsDecodeOrFailCleanly() {
        Random rnd = new Random(42);
        byte[] good = FrameCodec.encodeRequest(Samples.add());
        for (int i = 0; i < ROUNDS; i++) {
            byte[] f = mutate(good, rnd);
            try {
                CniRequest r = FrameCodec.decodeRequest(f);
                assertThat(FrameCodec.encodeRequest(r)).as("a decodable frame re-encodes to itself").isEqualTo(f);
            } catch (FrameException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                fail("round " + i + ": " + e + " for " + java.util.HexFormat.of().formatHex(f), e);
            }
        }
    }

    @Test
    void mutatedResponsesDecodeOrFailCleanly() {
        Random rnd = new Random(7);
        byte[] good = FrameCodec.encodeResponse(new CniResponse(1, "{\"code\":7}".getBytes(), "err".getBytes()));
        for (int i = 0; i < ROUNDS; i++) {
            byte[] f = mutate(good, rnd);
            try {
                byte[] again = FrameCodec.encodeResponse(FrameCodec.decodeResponse(f));
                again[4] = f[4]; // a version-1 answer (from an older agent) reads the same and re-encodes as ours
                assertThat(again).isEqualTo(f);
            } catch (FrameException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                fail("round " + i + ": " + e, e);
            }
        }
    }

    @Test
    void randomRequestsRoundTrip() throws Exception {
        Random rnd = new Random(1234);
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> env = new LinkedHashMap<>();
            int n = rnd.nextInt(8);
            for (int j = 0; j < n; j++) {
                env.put("CNI_" + text(rnd, 1 + rnd.nextInt(6)).replace('=', '_'), text(rnd, rnd.nextInt(20)));
            }
            CniRequest r = new CniRequest("p" + text(rnd, rnd.nextInt(5)).replace('/', '_'), env, Samples.binary(rnd.nextInt(600), i));
            assertThat(FrameCodec.decodeRequest(FrameCodec.encodeRequest(r))).isEqualTo(r);
        }
    }

    /** Random code points across all planes, never NUL or lone surrogates (not valid env text). */
    private static String text(Random rnd, int len) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) {
            int cp = rnd.nextBoolean() ? 0x20 + rnd.nextInt(0x5f) : 1 + rnd.nextInt(Character.MAX_CODE_POINT);
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private static byte[] mutate(byte[] good, Random rnd) {
        byte[] f = good.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
            case 1 -> f = Arrays.copyOf(f, rnd.nextInt(f.length + 8));
            case 2 -> { // corrupt a length field-sized window, where lengths live
                int at = rnd.nextInt(f.length - 3);
                for (int k = 0; k < 4; k++) {
                    f[at + k] = (byte) rnd.nextInt(256);
                }
            }
            default -> {
                for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                    f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
        }
        return f;
    }
}
