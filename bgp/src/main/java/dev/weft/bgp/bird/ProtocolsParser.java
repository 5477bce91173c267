package dev.weft.bgp.bird;

import dev.weft.net.IpAddress;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code show protocols} and {@code show protocols all}: a 1002 row per protocol, followed
 * (with {@code all}) by 1006 detail lines of {@code Key: value}. Pure; tested with captured output.
 * Columns are split on whitespace rather than by position, because a name longer than its column
 * shifts the row.
 */
public final class ProtocolsParser {
    private static final Pattern IMPORTED = Pattern.compile("(\\d+) imported");
    private static final Pattern EXPORTED = Pattern.compile("(\\d+) exported");

    private ProtocolsParser() {
    }

    /** The protocols in {@code reply}, in BIRD's order; times without an offset are read in {@code zone}. */
    public static List<ProtocolStatus> parse(BirdReply reply, ZoneId zone) {
        List<ProtocolStatus> out = new ArrayList<>();
        String[] row = null;
        Map<String, String> details = new LinkedHashMap<>();
        for (BirdReply.Line l : reply.lines()) {
            if (l.code() == 1002) {
                if (row != null) {
                    out.add(build(row, details, zone));
                }
                row = split(l.text());
                details = new LinkedHashMap<>();
            } else if (l.code() == 1006 && row != null) {
                int colon = l.text().indexOf(':');
                if (colon > 0) {
                    details.putIfAbsent(l.text().substring(0, colon).strip(), l.text().substring(colon + 1).strip());
                }
            }
        }
        if (row != null) {
            out.add(build(row, details, zone));
        }
        return out;
    }

    /** name, proto, table, state, since, info — since may be two tokens, info is the rest of the row. */
    static String[] split(String text) {
        String rest = text.strip();
        String[] cols = new String[6];
        for (int i = 0; i < 4; i++) {
            String[] parts = rest.split("\\s+", 2);
            cols[i] = parts[0];
            rest = parts.length > 1 ? parts[1] : "";
        }
        String[] parts = rest.split("\\s+", 3);
        if (parts.length > 1 && BirdTime.twoTokens(parts[0], parts[1])) {
            cols[4] = parts[0] + " " + parts[1];
            cols[5] = parts.length > 2 ? parts[2].strip() : "";
        } else {
            String[] two = rest.split("\\s+", 2);
            cols[4] = two[0];
            cols[5] = two.length > 1 ? two[1].strip() : "";
        }
        return cols;
    }

    private static ProtocolStatus build(String[] row, Map<String, String> d, ZoneId zone) {
        Optional<Instant> since = BirdTime.parse(row[4], zone);
        Optional<ProtocolStatus.Bgp> bgp = Optional.empty();
        if ("BGP".equals(row[1])) {
            String word = row[5].isBlank() ? "" : row[5].split("\\s+")[0];
            SessionState state = SessionState.fromBird(d.getOrDefault("BGP state", word));
            String lastError = d.getOrDefault("Last error", row[5].contains(" ") ? row[5].split("\\s+", 2)[1].strip() : "");
            bgp = Optional.of(new ProtocolStatus.Bgp(state, address(d.get("Neighbor address")), number(d.get("Neighbor AS")),
                    lastError, count(IMPORTED, d.get("Routes")), count(EXPORTED, d.get("Routes"))));
        }
        return new ProtocolStatus(row[0], row[1], row[3], since, row[5], d.getOrDefault("Description", ""), bgp);
    }

    private static Optional<IpAddress> address(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(IpAddress.parse(text.split("\\s+")[0]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong number(String text) {
        return text != null && text.matches("\\d{1,10}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    }

    private static long count(Pattern p, String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
