package dev.weft.fastpath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {

    @Test
    void requestRoundTripsWithEmptyValues() throws Exception {
        CniRequest r = Samples.add();
        CniRequest back = FrameCodec.decodeRequest(FrameCodec.encodeRequest(r));
        assertThat(back).isEqualTo(r);
        assertThat(back.env()).containsEntry("CNI_EMPTY", "").containsOnlyKeys(r.env().keySet());
    }

    @Test
    void nonAsciiEnvAndBinaryStdinRoundTrip() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(Samples.cniEnv());
        env.put("CNI_ARGS", "K8S_POD_NAME=café-ü-日本-\uD83D\uDE80");
        env.put("CNI_ÉTÉ", "x=y=z");
        CniRequest r = new CniRequest("weft-ü", env, Samples.binary(4096, 1));
        assertThat(FrameCodec.decodeRequest(FrameCodec.encodeRequest(r))).isEqualTo(r);
    }

    @Test
    void emptyRequestRoundTrips() throws Exception {
        CniRequest r = new CniRequest("p", Map.of(), new byte[0]);
        assertThat(FrameCodec.decodeRequest(FrameCodec.encodeRequest(r))).isEqualTo(r);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_572_864, 5 * 1024 * 1024})
    void largeStdinRoundTrips(int size) throws Exception {
        CniRequest r = new CniRequest("weft-bridge", Samples.cniEnv(), Samples.binary(size, size));
        CniRequest back = FrameCodec.decodeRequest(FrameCodec.encodeRequest(r));
        assertThat(back.stdinLength()).isEqualTo(size);
        assertThat(back).isEqualTo(r);
    }

    @Test
    void responseRoundTrips() throws Exception {
        for (CniResponse r : new CniResponse[] {
                new CniResponse(0, new byte[0], new byte[0]),
                new CniResponse(7, "{\"code\":7,\"msg\":\"bad\"}".getBytes(StandardCharsets.UTF_8), Samples.binary(300, 2)),
                new CniResponse(255, Samples.binary(2_000_000, 3), "warn\n".getBytes(StandardCharsets.UTF_8))}) {
            assertThat(FrameCodec.decodeResponse(FrameCodec.encodeResponse(r))).isEqualTo(r);
        }
    }

    /** The documented layout, byte for byte: PROTOCOL.md and weft-shim.c depend on it. */
    @Test
    void requestLayoutMatchesProtocolDocument() {
        byte[] f = FrameCodec.encodeRequest(new CniRequest("ab", Map.of("CNI_X", ""), new byte[] {9}));
        assertThat(HexFormat.of().formatHex(f)).isEqualTo(
                "57434e49" + "02" + "01" + "0000" + "0000001c"       // header (version 2), body 28 bytes
                + "00000002" + "6162"                              // plugin "ab"
                + "00000001" + "00000005" + "434e495f58" + "00000000" // 1 entry: CNI_X=""
                + "00000001" + "09");                              // stdin
    }

    @Test
    void responseLayoutMatchesProtocolDocument() {
        byte[] f = FrameCodec.encodeResponse(new CniResponse(7, new byte[] {1}, new byte[] {2, 3}));
        assertThat(HexFormat.of().formatHex(f)).isEqualTo(
                "57434e49" + "02" + "02" + "0000" + "0000000f"
                + "00000007" + "00000001" + "01" + "00000002" + "0203");
    }

    @Test
    void rejectsBadHeaders() {
        byte[] good = FrameCodec.encodeRequest(Samples.add());
        assertRejected(patch(good, 0, 'X'), "bad magic");
        assertRejected(patch(good, 4, 1), "unsupported protocol version 1; this side speaks 2");
        assertRejected(patch(good, 4, 3), "unsupported protocol version 3");
        assertRejected(patch(good, 5, 2), "expected a request frame");
        assertRejected(patch(good, 7, 1), "reserved header bytes");
        assertRejected(withBodyLength(good, Limits.MAX_BODY + 1), "exceeds the limit");
        assertRejected(withBodyLength(good, -1), "4294967295 bytes exceeds the limit");
        assertThatThrownBy(() -> FrameCodec.decodeResponse(good))
                .isInstanceOf(FrameException.class).hasMessageContaining("expected a response frame");
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] good = FrameCodec.encodeRequest(Samples.add());
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> FrameCodec.decodeRequest(cut)).as("prefix of %d bytes", len)
                    .isInstanceOf(FrameException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void rejectsTrailingBytesInFrameAndBody() {
        byte[] good = FrameCodec.encodeRequest(Samples.add());
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
        assertRejected(longer, "3 unexpected bytes after the request frame");
        assertRejected(withBodyLength(longer, good.length + 3 - FrameCodec.HEADER_LENGTH), "3 unexpected bytes after the request body");
    }

    @Test
    void rejectsBadBodies() {
        assertRejected(request(body -> body.putInt(2).put("a/".getBytes()).putInt(0).putInt(0)), "plugin must be a file name");
        assertRejected(request(body -> body.putInt(0).putInt(0).putInt(0)), "plugin must be a file name");
        assertRejected(request(body -> body.putInt(256)), "plugin length 256 exceeds the limit of 255");
        assertRejected(request(body -> body.putInt(1).put((byte) 'p').putInt(Limits.MAX_ENV_ENTRIES + 1)), "env count 1025");
        assertRejected(request(body -> body.putInt(1).put((byte) 'p').putInt(2)
                .putInt(1).put((byte) 'A').putInt(0).putInt(1).put((byte) 'A').putInt(0).putInt(0)), "duplicate env name A");
        assertRejected(request(body -> body.putInt(1).put((byte) 'p').putInt(1)
                .putInt(1).put((byte) 'A').putInt(2).put(new byte[] {(byte) 0xc3, 0x28}).putInt(0)), "env A is not valid UTF-8");
        assertRejected(request(body -> body.putInt(1).put((byte) 'p').putInt(1)
                .putInt(3).put("A=B".getBytes()).putInt(0).putInt(0)), "must be non-empty without '='");
        assertRejected(request(body -> body.putInt(1).put((byte) 'p').putInt(0).putInt(Limits.MAX_STDIN + 1)), "stdin length");
        assertThatThrownBy(() -> FrameCodec.decodeResponse(response(b -> b.putInt(256).putInt(0).putInt(0))))
                .isInstanceOf(FrameException.class).hasMessageContaining("exit code 256");
        assertThatThrownBy(() -> FrameCodec.decodeResponse(response(b -> b.putInt(0).putInt(0).putInt(Limits.MAX_STDERR + 1))))
                .isInstanceOf(FrameException.class).hasMessageContaining("stderr length");
    }

    private static void assertRejected(byte[] frame, String message) {
        assertThatThrownBy(() -> FrameCodec.decodeRequest(frame)).isInstanceOf(FrameException.class).hasMessageContaining(message);
    }

    private static byte[] patch(byte[] frame, int at, int value) {
        byte[] b = frame.clone();
        b[at] = (byte) value;
        return b;
    }

    private static byte[] withBodyLength(byte[] frame, int len) {
        byte[] b = frame.clone();
        ByteBuffer.wrap(b).putInt(8, len);
        return b;
    }

    private static byte[] request(java.util.function.Consumer<ByteBuffer> body) {
        return frame(1, body);
    }

    private static byte[] response(java.util.function.Consumer<ByteBuffer> body) {
        return frame(2, body);
    }

    private static byte[] frame(int type, java.util.function.Consumer<ByteBuffer> body) {
        ByteBuffer b = ByteBuffer.allocate(1024);
        body.accept(b);
        byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
        return ByteBuffer.allocate(12 + bytes.length).put("WCNI".getBytes()).put((byte) FrameCodec.VERSION).put((byte) type)
                .putShort((short) 0).putInt(bytes.length).put(bytes).array();
    }
}
