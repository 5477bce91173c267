package dev.weft.fastpath;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reads and writes one frame on a stream; one connection carries one request and one response. */
final class FrameIo {
    private FrameIo() {
    }

    /** @throws EOFException when the peer closed before sending any byte (a probe, or a dead shim) */
    static CniRequest readRequest(InputStream in) throws IOException {
        return FrameCodec.decodeRequestBody(readBody(in, FrameCodec.Kind.REQUEST));
    }

    static CniResponse readResponse(InputStream in) throws IOException {
        return FrameCodec.decodeResponseBody(readBody(in, FrameCodec.Kind.RESPONSE));
    }

    static void write(OutputStream out, byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /** readNBytes grows its buffer as data arrives, so a lying length cannot force a big allocation. */
    private static byte[] readBody(InputStream in, FrameCodec.Kind kind) throws IOException {
        byte[] header = in.readNBytes(FrameCodec.HEADER_LENGTH);
        if (header.length == 0) {
            throw new EOFException("connection closed before a " + kind.name().toLowerCase() + " frame");
        }
        int len = FrameCodec.bodyLength(header, kind);
        byte[] body = in.readNBytes(len);
        if (body.length != len) {
            throw new FrameException("truncated frame: header announces " + len + " body bytes, got " + body.length);
        }
        return body;
    }
}
