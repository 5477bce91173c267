package dev.weft.fastpath;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * One connection: read a request, run the handler, write the response. This is the one place an
 * unexpected throwable becomes error 999; a malformed request gets an error response too, since
 * the shim is waiting and must not be left to guess.
 */
final class Exchange {
    private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

    private Exchange() {
    }

    static void serve(SocketChannel ch, CniHandler handler) {
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            CniResponse response;
            try {
                response = respond(handler, FrameIo.readRequest(in));
            } catch (FrameException e) {
                LOG.log(System.Logger.Level.WARNING, "malformed CNI request: {0}", e.getMessage());
                response = CniResponse.error(new CniException(CniErrorCode.INTERNAL, "malformed fast-path request", e), null);
            }
            FrameIo.write(out, FrameCodec.encodeResponse(response));
        } catch (EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection closed without a request");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "CNI connection failed", e);
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
}
