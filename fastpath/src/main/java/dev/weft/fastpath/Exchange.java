package dev.weft.fastpath;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One connection: read exactly one request (the frame, then the client's half-close), run the
 * handler, write the response. This is the one place an unexpected throwable becomes error 999.
 * Every connection that sent anything gets an answer it can read: a malformed, trailing or late
 * request is answered with an error, then the rest of what the client sends is drained before the
 * close, since closing with unread input would reset the connection under the client's feet.
 */
final class Exchange {
    private static final System.Logger LOG = System.getLogger(Exchange.class.getName());
    /** Drained at most: one frame as large as the protocol allows. */
    private static final long MAX_DRAIN = FrameCodec.HEADER_LENGTH + (long) Limits.MAX_BODY;

    private Exchange() {
    }

    /** What arrived: a request to run, or the error that answers it (and the version to answer in). */
    private record Received(CniRequest request, CniResponse error, int answerVersion) {
        static Received rejected(String msg, String details, int peerVersion) {
            CniException e = new CniException(CniErrorCode.INTERNAL, msg, details, null);
            return new Received(null, CniResponse.error(e, null),
                    peerVersion == FrameCodec.VERSION ? FrameCodec.VERSION : FrameCodec.FALLBACK_VERSION);
        }
    }

    static void serve(SocketChannel ch, CniHandler handler, ServerOptions options) {
        CniRequest ran = null;
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            Received got = receive(ch, in, options.requestTimeout());
            ran = got.request();
            CniResponse response = ran != null ? respond(handler, ran) : got.error();
            answer(ch, in, FrameCodec.encodeResponse(response, got.answerVersion()), ran == null,
                    options.responseTimeout());
        } catch (EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection closed without a request");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "CNI connection failed: {0}", e.toString());
        }
        if (ran != null) {
            try {
                handler.answered(ran);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "after answering " + ran, e);
            }
        }
    }

    /** @throws EOFException when the client closed without sending a byte (a probe, or a dead shim): nobody to answer */
    private static Received receive(SocketChannel ch, InputStream in, Duration timeout) throws IOException {
        int version = FrameCodec.VERSION;
        try (Deadline d = Deadline.start(timeout, () -> shutdownInput(ch))) {
            try {
                byte[] header = in.readNBytes(FrameCodec.HEADER_LENGTH);
                if (header.length == 0 && !d.expired()) {
                    throw new EOFException("connection closed before a request frame");
                }
                version = FrameCodec.peerVersion(header);
                int len = FrameCodec.bodyLength(header, FrameCodec.Kind.REQUEST);
                byte[] body = in.readNBytes(len);
                if (body.length != len) {
                    throw new FrameException("truncated frame: header announces " + len + " body bytes, got " + body.length);
                }
                CniRequest request = FrameCodec.decodeRequestBody(body);
                if (in.read() >= 0) { // anything but the client's half-close
                    throw new FrameException("unexpected bytes after the request frame: one connection carries one request");
                }
                if (d.expired()) {
                    throw new FrameException("the request frame was not followed by the end of the stream");
                }
                return new Received(request, null, FrameCodec.VERSION);
            } catch (FrameException e) {
                if (d.expired()) {
                    return timedOut(timeout, e, version);
                }
                LOG.log(System.Logger.Level.WARNING, "malformed CNI request: {0}", e.getMessage());
                return Received.rejected("malformed fast-path request", e.getMessage(), version);
            }
        }
    }

    private static Received timedOut(Duration timeout, FrameException e, int version) {
        LOG.log(System.Logger.Level.WARNING, "CNI request incomplete after {0}: {1}", timeout, e.getMessage());
        return Received.rejected("incomplete fast-path request", "no complete request within " + timeout.toMillis()
                + " ms (" + e.getMessage() + "); a client half-closes its connection after the request frame", version);
    }

    /** Writes the answer; after an error also drains what the client still sends, so the close is not a reset. */
    private static void answer(SocketChannel ch, InputStream in, byte[] frame, boolean drain, Duration timeout) throws IOException {
        try (Deadline d = Deadline.start(timeout, () -> close(ch))) {
            FrameIo.write(Channels.newOutputStream(ch), frame);
            if (drain) {
                ch.shutdownOutput();
                long skipped = 0;
                byte[] sink = new byte[65536];
                for (int n; skipped < MAX_DRAIN && (n = in.read(sink)) >= 0; ) {
                    skipped += n;
                }
            }
        }
    }

    /** The answer to a connection over the limit, written without blocking (it fits any socket buffer), then closed. */
    static void refuse(SocketChannel ch, int limit) {
        CniException e = new CniException(CniErrorCode.TRY_AGAIN_LATER, "weft agent busy: " + limit
                + " CNI connections are being served, the limit; nothing was run", null, null);
        try (ch) {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(FrameCodec.encodeResponse(CniResponse.error(e, null))));
        } catch (IOException ioe) {
            LOG.log(System.Logger.Level.DEBUG, "refusing a CNI connection: {0}", ioe.toString());
        }
    }

    static CniResponse respond(CniHandler handler, CniRequest request) {
        String version = request.cniVersion().orElse(null);
        try {
            CniResponse r = handler.handle(request);
            if (r == null) {
                throw new IllegalStateException("handler returned no response");
            }
            LOG.log(System.Logger.Level.DEBUG, "{0} -> exit {1}", request, r.exitCode());
            return r;
        } catch (CniException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} -> {1}", request, e);
            return CniResponse.error(e, version);
        } catch (Throwable t) { // also Errors from plugin code: the shim must get an answer
            LOG.log(System.Logger.Level.ERROR, "CNI handler failed for " + request, t);
            String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            return CniResponse.error(new CniException(CniErrorCode.INTERNAL, "weft agent: " + msg, t), version);
        }
    }

    private static void shutdownInput(SocketChannel ch) {
        try {
            ch.shutdownInput(); // a blocked read returns end-of-stream; the answer can still be written
        } catch (IOException e) {
            close(ch);
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
