package dev.weft.dhcp.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Reading and writing one protocol line on a blocking channel. */
final class LineIo {
    private LineIo() {
    }

    /** Bytes up to and without the first {@code \n}, or up to EOF; refuses more than {@link DaemonCodec#MAX_LINE}. */
    static byte[] read(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                return out.toByteArray();
            }
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (b == '\n') {
                    return out.toByteArray();
                }
                out.write(b);
            }
            if (out.size() > DaemonCodec.MAX_LINE) {
                throw new IOException("a line over " + DaemonCodec.MAX_LINE + " bytes");
            }
        }
    }

    static void write(SocketChannel ch, byte[] line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
