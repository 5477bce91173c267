package dev.weft.fastpath;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure encoding and decoding of the fast path's frames (layout in {@code PROTOCOL.md}): a 12-byte
 * header ({@code "WCNI"}, version, type, two zero bytes, body length) and a body of big-endian
 * u32 counts and u32-length-prefixed byte strings. Decoding checks every length against what is
 * left and against {@link Limits} before allocating, and rejects trailing bytes.
 */
public final class FrameCodec {
    public static final int HEADER_LENGTH = 12;
    /** 2: as 1, and a request ends with the client's half-close (PROTOCOL.md). */
    public static final int VERSION = 2;
    /** The version of the answer to a request in a version this side does not speak: every client reads it. */
    static final int FALLBACK_VERSION = 1;
    private static final byte[] MAGIC = {'W', 'C', 'N', 'I'};

    /** The frame types; the number is the header's type byte. */
    enum Kind {
        REQUEST(1), RESPONSE(2);

        final int wire;

        Kind(int wire) {
            this.wire = wire;
        }
    }

    private FrameCodec() {
    }

    public static byte[] encodeRequest(CniRequest r) {
        byte[] plugin = Utf8.encode(r.plugin(), "plugin");
        List<byte[]> env = new ArrayList<>();
        r.env().forEach((k, v) -> {
            env.add(Utf8.encode(k, "env name"));
            env.add(Utf8.encode(v, "env " + k));
        });
        byte[] stdin = r.stdin();
        int size = 4 + plugin.length + 4 + env.stream().mapToInt(b -> 4 + b.length).sum() + 4 + stdin.length;
        ByteBuffer b = header(Kind.REQUEST, VERSION, size);
        blob(b, plugin).putInt(r.env().size());
        env.forEach(e -> blob(b, e));
        return blob(b, stdin).array();
    }

    public static byte[] encodeResponse(CniResponse r) {
        return encodeResponse(r, VERSION);
    }

    /** A response in {@code version}: {@link #FALLBACK_VERSION} answers a peer of another version (same body layout). */
    static byte[] encodeResponse(CniResponse r, int version) {
        byte[] out = r.stdout();
        byte[] err = r.stderr();
        ByteBuffer b = header(Kind.RESPONSE, version, 4 + 4 + out.length + 4 + err.length);
        b.putInt(r.exitCode());
        blob(b, out);
        return blob(b, err).array();
    }

    /** Decodes one whole request frame, header included; anything after its body is an error. */
    public static CniRequest decodeRequest(byte[] frame) throws FrameException {
        return decodeRequestBody(body(frame, Kind.REQUEST));
    }

    /** Decodes one whole response frame, header included; anything after its body is an error. */
    public static CniResponse decodeResponse(byte[] frame) throws FrameException {
        return decodeResponseBody(body(frame, Kind.RESPONSE));
    }

    /** The version a (possibly partial) header announces, for the answer to it; ours when it announces none. */
    static int peerVersion(byte[] h) {
        return h.length > 4 && h[0] == MAGIC[0] && h[1] == MAGIC[1] && h[2] == MAGIC[2] && h[3] == MAGIC[3] ? h[4] & 0xff : VERSION;
    }

    /** Checks a header and returns the body length it announces. */
    static int bodyLength(byte[] h, Kind expected) throws FrameException {
        if (h.length < HEADER_LENGTH) {
            throw new FrameException("truncated frame header: " + h.length + " of " + HEADER_LENGTH + " bytes");
        }
        if (h[0] != MAGIC[0] || h[1] != MAGIC[1] || h[2] != MAGIC[2] || h[3] != MAGIC[3]) {
            throw new FrameException("not a weft CNI frame: bad magic 0x" + Integer.toHexString(ByteBuffer.wrap(h).getInt()));
        }
        if (h[4] != VERSION && !(expected == Kind.RESPONSE && h[4] == FALLBACK_VERSION)) { // an answer from an older agent reads the same
            throw new FrameException("unsupported protocol version " + (h[4] & 0xff) + "; this side speaks " + VERSION);
        }
        if (h[5] != expected.wire) {
            throw new FrameException("expected a " + expected.name().toLowerCase() + " frame (type " + expected.wire
                    + "), got type " + (h[5] & 0xff));
        }
        if (h[6] != 0 || h[7] != 0) {
            throw new FrameException("reserved header bytes must be zero");
        }
        long len = Integer.toUnsignedLong(ByteBuffer.wrap(h, 8, 4).getInt());
        if (len > Limits.MAX_BODY) {
            throw new FrameException("frame body of " + len + " bytes exceeds the limit of " + Limits.MAX_BODY);
        }
        return (int) len;
    }

    static CniRequest decodeRequestBody(byte[] body) throws FrameException {
        BodyReader in = new BodyReader(body);
        String plugin = in.string("plugin", Limits.MAX_PLUGIN_NAME);
        long count = in.u32("env count");
        if (count > Limits.MAX_ENV_ENTRIES) {
            throw new FrameException("env count " + count + " exceeds the limit of " + Limits.MAX_ENV_ENTRIES);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.string("env[" + i + "] name", Limits.MAX_ENV_BYTES);
            String value = in.string("env " + name, Limits.MAX_ENV_BYTES);
            if (env.put(name, value) != null) {
                throw new FrameException("duplicate env name " + name);
            }
        }
        byte[] stdin = in.blob("stdin", Limits.MAX_STDIN);
        in.end("request");
        try {
            return new CniRequest(plugin, env, stdin);
        } catch (IllegalArgumentException e) {
            throw new FrameException("invalid request: " + e.getMessage(), e);
        }
    }

    static CniResponse decodeResponseBody(byte[] body) throws FrameException {
        BodyReader in = new BodyReader(body);
        long exit = in.u32("exit code");
        byte[] out = in.blob("stdout", Limits.MAX_STDOUT);
        byte[] err = in.blob("stderr", Limits.MAX_STDERR);
        in.end("response");
        if (exit > 255) {
            throw new FrameException("exit code " + exit + " is not 0-255");
        }
        return new CniResponse((int) exit, out, err);
    }

    private static byte[] body(byte[] frame, Kind kind) throws FrameException {
        int len = bodyLength(frame, kind);
        int have = frame.length - HEADER_LENGTH;
        if (have != len) {
            throw new FrameException(have < len
                    ? "truncated frame: header announces " + len + " body bytes, got " + have
                    : (have - len) + " unexpected bytes after the " + kind.name().toLowerCase() + " frame");
        }
        return java.util.Arrays.copyOfRange(frame, HEADER_LENGTH, frame.length);
    }

    private static ByteBuffer header(Kind kind, int version, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + bodyLength);
        return b.put(MAGIC).put((byte) version).put((byte) kind.wire).putShort((short) 0).putInt(bodyLength);
    }

    private static ByteBuffer blob(ByteBuffer b, byte[] bytes) {
        return b.putInt(bytes.length).put(bytes);
    }
}
