package dev.weft.bgp.bird;

import java.util.ArrayList;
import java.util.List;

/**
 * One reply of BIRD's control socket, as logical lines each with its code. On the wire a line is
 * {@code DDDD-text} (more follows), {@code DDDD text} (the reply's last line) or {@code " text"}
 * (a continuation: the previous line's code). Codes (BIRD's doc/reply_codes): 0xxx done, 1xxx a
 * table row, 2xxx a table heading, 8xxx a run-time error, 9xxx a parse error; {@code +} lines are
 * spontaneous messages, not part of any reply.
 */
public record BirdReply(List<Line> lines) {
    /** One logical line: its code and its text (without the code and separator). */
    public record Line(int code, String text) {
    }

    public BirdReply {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines: a reply has at least its final line");
        }
    }

    /** The code of the final line: 0 for a plain OK, 3 for "Reconfigured", 8002 for a configuration error... */
    public int code() {
        return lines.getLast().code();
    }

    /** True when BIRD reports success (a 0xxx final line). */
    public boolean ok() {
        return code() < 1000;
    }

    /** The final line's text: the outcome, or BIRD's error message. */
    public String message() {
        return lines.getLast().text().strip();
    }

    /** The texts of the lines with {@code code}, in order. */
    public List<String> texts(int code) {
        return lines.stream().filter(l -> l.code() == code).map(Line::text).toList();
    }

    /**
     * Reads wire lines (without their line ends) into replies, one at a time: {@link #accept}
     * returns the reply a line completed, or null while it is still incomplete.
     */
    public static final class Reader {
        private final List<Line> pending = new ArrayList<>();
        private int lastCode = -1;

        /** Takes one wire line; returns the reply it completes, or null. */
        public BirdReply accept(String raw) {
            if (raw.startsWith("+")) {
                return null; // spontaneous printout (asynchronous log), not part of a reply
            }
            if (raw.startsWith(" ")) {
                if (lastCode < 0) {
                    throw new IllegalArgumentException("a continuation line before any coded line: \"" + raw + "\"");
                }
                pending.add(new Line(lastCode, raw.substring(1)));
                return null;
            }
            if (raw.length() < 5 || !isCode(raw) || (raw.charAt(4) != '-' && raw.charAt(4) != ' ')) {
                throw new IllegalArgumentException("not a BIRD reply line: \"" + abbreviate(raw) + "\"");
            }
            lastCode = Integer.parseInt(raw.substring(0, 4));
            pending.add(new Line(lastCode, raw.substring(5)));
            if (raw.charAt(4) == '-') {
                return null;
            }
            BirdReply done = new BirdReply(pending);
            pending.clear();
            lastCode = -1;
            return done;
        }

        private static boolean isCode(String raw) {
            for (int i = 0; i < 4; i++) {
                if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private static String abbreviate(String s) {
            return s.length() > 80 ? s.substring(0, 80) + "..." : s;
        }
    }

    /** The replies in {@code text} (captured wire output, one reply after another). */
    public static List<BirdReply> parseAll(String text) {
        Reader r = new Reader();
        List<BirdReply> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            BirdReply reply = r.accept(line);
            if (reply != null) {
                out.add(reply);
            }
        }
        return out;
    }
}
