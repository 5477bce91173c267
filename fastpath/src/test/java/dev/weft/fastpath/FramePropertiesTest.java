package dev.weft.fastpath;

import dev.weft.cni.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the agent's parser of outside input on the CNI socket (jqwik): any bytes, as a frame or
 * sent on the socket, either decode to a valid request or fail with {@link FrameException}; nothing
 * else escapes, and the server answers every connection with a well-formed response.
 */
class FramePropertiesTest {
    private static Path dir;
    private static CniSocketServer server;
    private static final AtomicInteger HANDLED = new AtomicInteger();

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("weft-frame-fuzz");
        server = CniSocketServer.start(dir.resolve("cni.sock"), r -> {
            HANDLED.incrementAndGet();
            return CniResponse.success(new byte[0]);
        });
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        Files.deleteIfExists(dir);
    }

    @Property(tries = 3000)
    void arbitraryBytesDecodeOrFailWithAFrameException(@ForAll @Size(max = 2048) byte[] bytes) {
        decodesOrFailsCleanly(bytes);
    }

    /** A valid header in front of arbitrary body bytes gets past the header checks, into the body's fields. */
    @Property(tries = 3000)
    void arbitraryBodiesDecodeOrFailWithAFrameException(@ForAll @Size(max = 2048) byte[] body, @ForAll @IntRange(min = 1, max = 2) int type) {
        decodesOrFailsCleanly(frame(type, body));
    }

    /** Valid requests with some bytes replaced: the decoder sees realistic lengths and counts gone wrong. */
    @Property(tries = 3000)
    void mutatedRequestsDecodeOrFailWithAFrameException(@ForAll("requests") CniRequest request,
                                                         @ForAll @Size(min = 1, max = 8) List<@IntRange(max = 100_000) Integer> at,
                                                         @ForAll @Size(min = 8, max = 8) byte[] values) {
        byte[] f = FrameCodec.encodeRequest(request);
        for (int i = 0; i < at.size(); i++) {
            f[at.get(i) % f.length] = values[i];
        }
        decodesOrFailsCleanly(f);
    }

    @Property(tries = 1000)
    void requestsRoundTrip(@ForAll("requests") CniRequest request) throws FrameException {
        assertThat(FrameCodec.decodeRequest(FrameCodec.encodeRequest(request))).isEqualTo(request);
    }

    /**
     * The server over the socket: any bytes (a mutated request or noise), then the half-close, get a
     * well-formed answer; only an exactly valid request reaches the handler.
     */
    @Property(tries = 300)
    void theServerAnswersAnyBytes(@ForAll("requests") CniRequest request, @ForAll @IntRange(max = 4) int mutations,
                                  @ForAll @Size(max = 64) byte[] noise) throws Exception {
        byte[] f = FrameCodec.encodeRequest(request);
        for (int i = 0; i < mutations && i < noise.length; i++) {
            f[(noise[i] & 0xff) * 7 % f.length] ^= (byte) (1 + i);
        }
        byte[] sent = mutations == 4 ? noise : f;
        boolean valid = isValidRequest(sent);
        int before = HANDLED.get();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            ByteBuffer b = ByteBuffer.wrap(sent);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.shutdownOutput();
            CniResponse r = FrameIo.readResponse(Channels.newInputStream(ch));
            if (valid) {
                assertThat(r.exitCode()).isZero();
                assertThat(HANDLED.get()).isEqualTo(before + 1);
            } else if (sent.length > 0) {
                assertThat(r.exitCode()).isEqualTo(1);
                assertThat(Json.mapper().readTree(r.stdout()).path("code").intValue()).isEqualTo(999);
            }
        } catch (java.io.EOFException nothingSent) {
            assertThat(sent).as("only an empty connection goes unanswered").isEmpty();
        }
    }

    @Provide
    Arbitrary<CniRequest> requests() {
        Arbitrary<String> plugin = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '.').ofMinLength(1).ofMaxLength(20);
        Arbitrary<Map<String, String>> env = Arbitraries.maps(
                Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(12).map(s -> "CNI_" + s),
                Arbitraries.strings().withCharRange('\u0001', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(40)).ofMaxSize(8);
        Arbitrary<byte[]> stdin = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        return Combinators.combine(plugin, env, stdin).as(CniRequest::new);
    }

    private static boolean isValidRequest(byte[] f) {
        try {
            FrameCodec.decodeRequest(f);
            return true;
        } catch (FrameException e) {
            return false;
        }
    }

    private static void decodesOrFailsCleanly(byte[] f) {
        for (boolean request : new boolean[] {true, false}) {
            try {
                if (request) {
                    FrameCodec.decodeRequest(f);
                } else {
                    FrameCodec.decodeResponse(f);
                }
            } catch (FrameException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private static byte[] frame(int type, byte[] body) {
        return ByteBuffer.allocate(FrameCodec.HEADER_LENGTH + body.length).put("WCNI".getBytes())
                .put((byte) FrameCodec.VERSION).put((byte) type).putShort((short) 0).putInt(body.length).put(body).array();
    }
}
