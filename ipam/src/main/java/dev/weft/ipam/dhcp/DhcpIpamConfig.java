package dev.weft.ipam.dhcp;

import dev.weft.cni.CniArgs;
import dev.weft.cni.json.Fields;
import dev.weft.dhcp.lease.ClientOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ipam} section of {@code weft-dhcp}, the reference {@code dhcp} plugin's keys:
 * {@code daemonSocketPath} (where the lease holder listens when the plugin runs outside the agent;
 * default {@code /run/weft/dhcp.sock}), {@code request} ({@code [{"option": "static-routes",
 * "skipDefault": false}]}: options to ask for; any {@code skipDefault: true} drops the default
 * list), {@code provide} ({@code [{"option": "host-name", "value": "x"}]} or
 * {@code "fromArg": "K8S_POD_NAME"} to take the value from {@code CNI_ARGS}), and {@code timeout}
 * (a Go duration such as {@code "10s"}, or seconds; default 10 s): how long an acquisition may take.
 */
public record DhcpIpamConfig(Path daemonSocketPath, ClientOptions options, Duration timeout) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/weft/dhcp.sock");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    public DhcpIpamConfig {
        if (daemonSocketPath == null || options == null || timeout == null) {
            throw new IllegalArgumentException("daemonSocketPath, options and timeout are required");
        }
    }

    /** From the whole stdin document; errors are code 7 naming the field ({@code ipam.provide[0].fromArg}). */
    public static DhcpIpamConfig parse(ObjectNode stdin, CniArgs args) {
        Fields ipam = Fields.ofConfig(stdin, "").nested("ipam");
        Path socket = ipam.absolutePath("daemonSocketPath").orElse(DEFAULT_SOCKET);
        boolean[] skipDefault = {false};
        List<String> request = ipam.list("request", e -> {
            Fields r = e.asObject();
            skipDefault[0] |= r.bool("skipDefault", false);
            return option(r);
        });
        Map<String, String> provide = new LinkedHashMap<>();
        ipam.list("provide", e -> {
            Fields p = e.asObject();
            String option = option(p);
            String value = p.string("value").orElse(null);
            String fromArg = p.string("fromArg").orElse(null);
            if ((value == null) == (fromArg == null)) {
                throw p.error("", "needs exactly one of \"value\" and \"fromArg\"");
            }
            if (fromArg != null) {
                value = args.get(fromArg).orElseThrow(() -> p.error("fromArg",
                        "names CNI_ARGS key \"" + fromArg + "\", which this call does not have"));
            }
            provide.put(option, value);
            return option;
        });
        ClientOptions options;
        try {
            options = ClientOptions.of(request, skipDefault[0], provide);
        } catch (IllegalArgumentException e) {
            throw ipam.error(e.getMessage().startsWith("provide") ? "provide" : "request", "is invalid: " + e.getMessage(), e);
        }
        return new DhcpIpamConfig(socket, options, timeout(ipam));
    }

    /** {@code option}: a name of dhcp-options(5) as the reference knows it, or a number (JSON number or string). */
    private static String option(Fields f) {
        JsonNode n = f.node().get("option");
        if (n != null && n.isIntegralNumber()) {
            return n.asString();
        }
        String s = f.requiredString("option");
        try {
            ClientOptions.code(s, "");
        } catch (IllegalArgumentException e) {
            throw f.error("option", "is invalid: " + e.getMessage().strip(), e);
        }
        return s;
    }

    private static Duration timeout(Fields ipam) {
        JsonNode n = ipam.node().get("timeout");
        if (n == null || n.isNull()) {
            return DEFAULT_TIMEOUT;
        }
        Duration d;
        if (n.isNumber()) {
            d = Duration.ofMillis(n.decimalValue().multiply(BigDecimal.valueOf(1000)).longValue());
        } else if (n.isString()) {
            d = goDuration(n.stringValue()).orElseThrow(() -> ipam.error("timeout",
                    "\"" + n.stringValue() + "\" is not a duration such as \"10s\", \"1m30s\" or \"500ms\""));
        } else {
            throw ipam.error("timeout", "must be a duration string (\"10s\") or a number of seconds");
        }
        if (d.toMillis() < 1 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw ipam.error("timeout", "must be between 1 ms and " + MAX_TIMEOUT.toMinutes() + " minutes, not " + d);
        }
        return d;
    }

    /** Go's time.ParseDuration for non-negative values: {@code 10s}, {@code 1m30s}, {@code 1.5s}, {@code 250ms}. */
    static java.util.Optional<Duration> goDuration(String text) {
        Matcher m = GO_DURATION.matcher(text);
        List<Duration> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long nanosPer = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            parts.add(Duration.ofNanos(n.multiply(BigDecimal.valueOf(nanosPer)).longValue()));
            at = m.end();
        }
        if (parts.isEmpty() || at != text.length()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(parts.stream().reduce(Duration.ZERO, Duration::plus));
    }
}
