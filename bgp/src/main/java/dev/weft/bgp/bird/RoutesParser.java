package dev.weft.bgp.bird;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code show route}: 1007 lines, a route per line ({@code NET TYPE [PROTO SINCE (from
 * ADDR)] (*) (PREF) [ORIGIN]}, the prefix left blank for the second route of the same prefix),
 * each followed by tab-indented next hops ({@code via ADDR on DEV}, {@code dev DEV}). Table
 * headings ({@code Table master4:}) and lines it does not understand are skipped. Pure; tested
 * with captured output.
 */
public final class RoutesParser {
    private static final Pattern BODY = Pattern.compile(
            "^(\\w+)\\s+\\[(\\S+)\\s+(.*?)(?:\\s+from\\s+(\\S+))?]\\s*(\\*)?\\s*\\((\\d+)(?:/[^)]*)?\\).*$");
    private static final Pattern VIA = Pattern.compile("^\\s*via\\s+(\\S+)\\s+on\\s+(\\S+).*$");
    private static final Pattern DEV = Pattern.compile("^\\s*dev\\s+(\\S+).*$");

    private RoutesParser() {
    }

    public static List<RouteEntry> parse(BirdReply reply, ZoneId zone) {
        List<RouteEntry> out = new ArrayList<>();
        Cidr net = null;
        RouteEntry current = null;
        List<RouteEntry.NextHop> hops = new ArrayList<>();
        for (BirdReply.Line l : reply.lines()) {
            String t = l.text();
            if (l.code() != 1007 || t.isBlank() || (t.startsWith("Table ") && t.endsWith(":"))) {
                continue;
            }
            if (t.startsWith("\t")) {
                nextHop(t, hops);
                continue;
            }
            String body = t.strip();
            Cidr parsedNet = net;
            if (!Character.isWhitespace(t.charAt(0))) {
                String[] parts = body.split("\\s+", 2);
                parsedNet = prefix(parts[0]);
                body = parts.length > 1 ? parts[1] : "";
            }
            Matcher m = BODY.matcher(body);
            if (parsedNet == null || !m.matches()) {
                continue;
            }
            if (current != null) {
                out.add(withHops(current, hops));
            }
            net = parsedNet;
            hops = new ArrayList<>();
            current = new RouteEntry(net, m.group(1), m.group(2), BirdTime.parse(m.group(3).strip(), zone),
                    Optional.ofNullable(m.group(4)).flatMap(RoutesParser::address), m.group(5) != null,
                    Integer.parseInt(m.group(6)), List.of());
        }
        if (current != null) {
            out.add(withHops(current, hops));
        }
        return out;
    }

    private static RouteEntry withHops(RouteEntry r, List<RouteEntry.NextHop> hops) {
        return new RouteEntry(r.net(), r.type(), r.protocol(), r.since(), r.from(), r.primary(), r.preference(), hops);
    }

    private static void nextHop(String t, List<RouteEntry.NextHop> hops) {
        Matcher via = VIA.matcher(t);
        if (via.matches()) {
            address(via.group(1)).ifPresent(a -> hops.add(new RouteEntry.NextHop(Optional.of(a), via.group(2))));
            return;
        }
        Matcher dev = DEV.matcher(t);
        if (dev.matches()) {
            hops.add(new RouteEntry.NextHop(Optional.empty(), dev.group(1)));
        }
    }

    private static Cidr prefix(String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<IpAddress> address(String text) {
        try {
            return Optional.of(IpAddress.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
