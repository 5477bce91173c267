package dev.weft.cnm.docker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dockerd's Engine API on its unix socket, the two calls the driver makes: list every container
 * and every network (see the package notes for why this is a plain HTTP/1.0 GET). Both are served
 * from dockerd's in-memory views without a container's lock, so the driver may make them while
 * dockerd waits for its Join.
 */
public final class DockerApi {
    /** A dockerd of 20.10 or later answers this version; newer daemons accept older versions. */
    static final String LIST = "/v1.41/containers/json?all=1";
    static final String NETWORKS = "/v1.41/networks";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ANSWER = 16 << 20;

    private final Path socket;

    public DockerApi(Path socket) {
        this.socket = socket;
    }

    /** Every container, running or not. Fails with an {@link UncheckedIOException} when dockerd does not answer. */
    public List<DockerContainer> containers() {
        return DockerContainer.parseList(get(LIST));
    }

    /** The IDs of every network dockerd has. */
    public Set<String> networkIds() {
        return networks().keySet();
    }

    /** Every network dockerd has: ID to name. */
    public Map<String, String> networks() {
        JsonNode root = JSON.readTree(get(NETWORKS));
        Map<String, String> out = new HashMap<>();
        root.forEach(n -> out.put(n.path("Id").asString(""), n.path("Name").asString("")));
        return out;
    }

    private String get(String path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16384);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
                if (out.size() > MAX_ANSWER) {
                    throw new IOException("answer larger than " + MAX_ANSWER + " bytes");
                }
            }
            return body(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("dockerd at " + socket + ": GET " + path + ": " + e.getMessage(), e);
        }
    }

    /** The body of a complete HTTP/1.x answer whose status is 200. */
    static String body(String answer) throws IOException {
        int split = answer.indexOf("\r\n\r\n");
        if (!answer.startsWith("HTTP/1.") || split < 0) {
            throw new IOException("not an HTTP answer: " + answer.substring(0, Math.min(60, answer.length())));
        }
        String status = answer.substring(0, answer.indexOf("\r\n"));
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[1].equals("200")) {
            throw new IOException(status + ": " + answer.substring(split + 4).strip());
        }
        for (String h : answer.substring(0, split).split("\r\n")) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:")) {
                throw new IOException("unexpected " + h + " in an HTTP/1.0 answer");
            }
        }
        return answer.substring(split + 4);
    }
}
