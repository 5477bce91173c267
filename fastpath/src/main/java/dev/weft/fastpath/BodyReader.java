package dev.weft.fastpath;

import java.util.Arrays;

/** A bounds-checked cursor over a frame body; every failure names the field being read. */
final class BodyReader {
    private final byte[] body;
    private int pos;

    BodyReader(byte[] body) {
        this.body = body;
    }

    long u32(String field) throws FrameException {
        need(field, 4);
        long v = (body[pos] & 0xffL) << 24 | (body[pos + 1] & 0xff) << 16 | (body[pos + 2] & 0xff) << 8 | body[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    byte[] blob(String field, int max) throws FrameException {
        int len = length(field, max);
        byte[] b = Arrays.copyOfRange(body, pos, pos + len);
        pos += len;
        return b;
    }

    String string(String field, int max) throws FrameException {
        int len = length(field, max);
        String s = Utf8.decode(body, pos, len, field);
        pos += len;
        return s;
    }

    void end(String what) throws FrameException {
        if (pos != body.length) {
            throw new FrameException((body.length - pos) + " unexpected bytes after the " + what + " body");
        }
    }

    private int length(String field, int max) throws FrameException {
        long len = u32(field + " length");
        if (len > max) {
            throw new FrameException(field + " length " + len + " exceeds the limit of " + max);
        }
        need(field, (int) len);
        return (int) len;
    }

    private void need(String field, int n) throws FrameException {
        if (body.length - pos < n) {
            throw new FrameException("truncated frame: " + field + " needs " + n + " bytes, " + (body.length - pos) + " left");
        }
    }
}
