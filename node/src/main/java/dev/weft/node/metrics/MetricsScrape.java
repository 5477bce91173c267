package dev.weft.node.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an agent's {@code /metrics} (for {@code weft metrics} and tests): one HTTP/1.0 GET on the
 * unix socket or TCP address, and the text format's samples as {@code name{labels}} → value.
 */
public final class MetricsScrape {
    private static final int MAX_BYTES = 8 << 20;
    private static final int TIMEOUT_MS = 5000;

    private MetricsScrape() {
    }

    /** The response body of {@code GET /metrics}; an error status is an {@link IOException} naming it. */
    public static String text(MetricsEndpoint endpoint) throws IOException {
        byte[] request = "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] response;
        switch (endpoint) {
            case MetricsEndpoint.Unix u -> {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(u.socket()));
                    OutputStream out = Channels.newOutputStream(ch);
                    out.write(request);
                    out.flush();
                    response = readAll(Channels.newInputStream(ch));
                }
            }
            case MetricsEndpoint.Tcp t -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(t.address(), t.port()), TIMEOUT_MS);
                    s.setSoTimeout(TIMEOUT_MS);
                    s.getOutputStream().write(request);
                    response = readAll(s.getInputStream());
                }
            }
        }
        String all = new String(response, StandardCharsets.UTF_8);
        int end = all.indexOf("\r\n\r\n");
        String status = all.substring(0, Math.max(0, all.indexOf("\r\n")));
        if (end < 0 || !status.matches("HTTP/1\\.[01] 200.*")) {
            throw new IOException("metrics at " + endpoint + " answered \"" + status + "\"");
        }
        return all.substring(end + 4);
    }

    /** Every sample of a text-format body: {@code name{label="v",...}} (as written) → value. */
    public static Map<String, Double> samples(String text) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.lastIndexOf('}');
            // a sample is NAME[{LABELS}] VALUE [TIMESTAMP]: the value follows the labels' closing brace
            String head = brace > 0 ? line.substring(0, brace + 1) : line.substring(0, line.indexOf(' '));
            String rest = line.substring(head.length()).strip();
            String value = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
            if (space > 0) {
                m.put(head, Double.parseDouble(value));
            }
        }
        return m;
    }

    /** The sum of every sample of {@code name} whose labels include each of {@code labels} ({@code k="v"}). */
    public static double sum(Map<String, Double> samples, String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            String n = k.contains("{") ? k.substring(0, k.indexOf('{')) : k;
            if (n.equals(name) && java.util.Arrays.stream(labels).allMatch(k::contains)) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BYTES + 1);
        if (b.length > MAX_BYTES) {
            throw new IOException("metrics response larger than " + MAX_BYTES + " bytes");
        }
        return b;
    }
}
