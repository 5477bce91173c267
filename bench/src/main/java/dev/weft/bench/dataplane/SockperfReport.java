package dev.weft.bench.dataplane;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request/response latency from {@code sockperf ping-pong --full-rtt}: the median and 99th
 * percentile round trip in microseconds, and how many observations they rest on.
 */
public record SockperfReport(double p50Us, double p99Us, long observations) {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");
    private static final Pattern OBSERVATIONS = Pattern.compile("Total (\\d+) observations");

    /** Parses sockperf's summary; missing percentiles are an {@link IllegalArgumentException}. */
    public static SockperfReport parse(String output) {
        String text = ANSI.matcher(output).replaceAll("");
        Matcher n = OBSERVATIONS.matcher(text);
        return new SockperfReport(percentile(text, "50.000"), percentile(text, "99.000"),
                n.find() ? Long.parseLong(n.group(1)) : 0);
    }

    private static double percentile(String text, String which) {
        Matcher m = Pattern.compile("percentile " + Pattern.quote(which) + " =\\s*([0-9]+(?:\\.[0-9]+)?)").matcher(text);
        if (!m.find()) {
            String t = text.strip();
            throw new IllegalArgumentException("sockperf output has no percentile " + which + ": "
                    + (t.length() > 300 ? t.substring(t.length() - 300) : t));
        }
        return Double.parseDouble(m.group(1));
    }
}
