package dev.weft.cnm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** A minimal HTTP/1.1 client over a unix socket, as Docker's plugin client talks to a plugin. */
final class UnixHttp {
    record Answer(int status, String contentType, String body) {
    }

    private UnixHttp() {
    }

    static Answer post(Path socket, String path, byte[] body) {
        return post(socket, "plugin", path, body);
    }

    /** With {@code Host: HOST} ("" as dockerd before 25.0 sends it). */
    static Answer post(Path socket, String host, String path, byte[] body) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/vnd.docker.plugins.v1.2+json\r\n"
                    + "Content-Type: application/vnd.docker.plugins.v1.2+json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(body));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String text = out.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String type = "";
            for (String l : lines) {
                if (l.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    type = l.substring("content-type:".length()).strip();
                }
            }
            return new Answer(status, type, text.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
