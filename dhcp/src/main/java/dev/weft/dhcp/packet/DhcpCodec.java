package dev.weft.dhcp.packet;

import dev.weft.dhcp.packet.DhcpDecodeException.Problem;
import dev.weft.net.IpAddress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DHCP messages to bytes and back: pure, no I/O. {@link #decode} checks every bound and throws only
 * {@link DhcpDecodeException}; {@link #encode} writes what {@link #decode} reads back as equal.
 *
 * <p>Layout (RFC 2131 figure 1): op, htype, hlen, hops (1 byte each), xid (4), secs (2), flags
 * (2), ciaddr, yiaddr, siaddr, giaddr (4 each), chaddr (16), sname (64), file (128) — 236 bytes —
 * then the magic cookie 99.130.83.99 and the options, each code, length, value, ending with 255.
 * Pad (0) is skipped, bytes after the end option are ignored (servers pad to 300 bytes), and an
 * option split over several instances is joined (RFC 3396). Option 52 (overload) moves more
 * options into {@code file} and/or {@code sname}; the decoder reads them there and then drops 52
 * and the overloaded fields, so the result holds every option in one place. The encoder never
 * overloads; it splits values over 255 bytes and pads the message to 300 bytes, the BOOTP minimum
 * that some relays and servers still insist on.
 */
public final class DhcpCodec {
    public static final int HEADER = 236;
    public static final int MIN_MESSAGE = 300;
    private static final int COOKIE = 0x63825363;
    private static final int SNAME = 44;
    private static final int FILE = 108;

    private DhcpCodec() {
    }

    public static byte[] encode(DhcpPacket p) {
        int size = HEADER + 4 + 1;
        for (Octets v : p.options().asMap().values()) {
            size += v.isEmpty() ? 2 : v.length() + 2 * ((v.length() + 254) / 255);
        }
        byte[] b = new byte[Math.max(size, MIN_MESSAGE)];
        b[0] = (byte) p.op().code();
        b[1] = (byte) p.htype();
        b[2] = (byte) p.chaddr().length();
        b[3] = (byte) p.hops();
        putInt(b, 4, p.xid());
        b[8] = (byte) (p.secs() >>> 8);
        b[9] = (byte) p.secs();
        b[10] = (byte) (p.flags() >>> 8);
        b[11] = (byte) p.flags();
        System.arraycopy(p.ciaddr().bytes(), 0, b, 12, 4);
        System.arraycopy(p.yiaddr().bytes(), 0, b, 16, 4);
        System.arraycopy(p.siaddr().bytes(), 0, b, 20, 4);
        System.arraycopy(p.giaddr().bytes(), 0, b, 24, 4);
        p.chaddr().copyTo(b, 28);
        p.sname().copyTo(b, SNAME);
        p.file().copyTo(b, FILE);
        putInt(b, HEADER, COOKIE);
        int at = HEADER + 4;
        for (Map.Entry<Integer, Octets> e : p.options().asMap().entrySet()) {
            at = putOption(b, at, e.getKey(), e.getValue());
        }
        b[at] = (byte) OptionCode.END;
        return b;
    }

    private static int putOption(byte[] b, int at, int code, Octets value) {
        int done = 0;
        do {
            int chunk = Math.min(255, value.length() - done);
            b[at++] = (byte) code;
            b[at++] = (byte) chunk;
            value.slice(done, done + chunk).copyTo(b, at);
            at += chunk;
            done += chunk;
        } while (done < value.length());
        return at;
    }

    public static DhcpPacket decode(byte[] data) throws DhcpDecodeException {
        return decode(data, 0, data.length);
    }

    /** Decodes the {@code length} bytes of {@code data} from {@code offset}. */
    public static DhcpPacket decode(byte[] data, int offset, int length) throws DhcpDecodeException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside " + data.length + " bytes");
        }
        byte[] b = offset == 0 && length == data.length ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
        if (b.length < HEADER) {
            throw new DhcpDecodeException(Problem.TRUNCATED_HEADER,
                    "message has " + b.length + " bytes, less than the " + HEADER + "-byte BOOTP header");
        }
        Op op = Op.of(b[0] & 0xff);
        if (op == null) {
            throw new DhcpDecodeException(Problem.BAD_OP, "op is " + (b[0] & 0xff) + " (1 or 2)");
        }
        int hlen = b[2] & 0xff;
        if (hlen > 16) {
            throw new DhcpDecodeException(Problem.BAD_HLEN, "hlen is " + hlen + " (at most 16)");
        }
        if (b.length < HEADER + 4 || getInt(b, HEADER) != COOKIE) {
            throw new DhcpDecodeException(Problem.BAD_COOKIE, b.length < HEADER + 4
                    ? "no magic cookie after the header (a BOOTP message, not DHCP)"
                    : "magic cookie is " + Octets.of(b, HEADER, 4).toHex() + ", not 63825363");
        }
        LinkedHashMap<Integer, Octets> options = new LinkedHashMap<>();
        readOptions(b, HEADER + 4, b.length, "options", options);
        Octets sname = Octets.of(b, SNAME, 64).trimTrailingZeros();
        Octets file = Octets.of(b, FILE, 128).trimTrailingZeros();
        Octets overload = options.remove(OptionCode.OVERLOAD);
        if (overload != null) {
            if (overload.length() != 1 || overload.at(0) < 1 || overload.at(0) > 3) {
                throw new DhcpDecodeException(Problem.BAD_OVERLOAD, OptionCode.describe(OptionCode.OVERLOAD)
                        + " is " + overload.toHex() + " (one byte, 1, 2 or 3)");
            }
            int which = overload.at(0);
            if ((which & 1) != 0) {
                readOptions(b, FILE, FILE + 128, "file", options);
                file = Octets.EMPTY;
            }
            if ((which & 2) != 0) {
                readOptions(b, SNAME, SNAME + 64, "sname", options);
                sname = Octets.EMPTY;
            }
            if (options.containsKey(OptionCode.OVERLOAD)) {
                throw new DhcpDecodeException(Problem.BAD_OVERLOAD, "option 52 (overload) inside an overloaded field");
            }
        }
        for (Map.Entry<Integer, Octets> e : options.entrySet()) {
            String problem = OptionRules.problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new DhcpDecodeException(Problem.BAD_OPTION, OptionCode.describe(e.getKey()) + " " + problem);
            }
        }
        return new DhcpPacket(op, b[1] & 0xff, b[3] & 0xff, getInt(b, 4), (b[8] & 0xff) << 8 | (b[9] & 0xff),
                (b[10] & 0xff) << 8 | (b[11] & 0xff), address(b, 12), address(b, 16), address(b, 20), address(b, 24),
                Octets.of(b, 28, hlen), sname, file, Options.trusted(options));
    }

    /** Reads code/length/value triples from {@code [from, to)} up to the end option into {@code into}. */
    private static void readOptions(byte[] b, int from, int to, String area, LinkedHashMap<Integer, Octets> into)
            throws DhcpDecodeException {
        int i = from;
        while (i < to) {
            int code = b[i] & 0xff;
            if (code == OptionCode.END) {
                return;
            }
            if (code == OptionCode.PAD) {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                throw new DhcpDecodeException(Problem.TRUNCATED_OPTION, OptionCode.describe(code) + " at byte " + i
                        + " of the " + area + " has no length byte");
            }
            int len = b[i + 1] & 0xff;
            if (i + 2 + len > to) {
                throw new DhcpDecodeException(Problem.TRUNCATED_OPTION, OptionCode.describe(code) + " at byte " + i
                        + " of the " + area + " has length " + len + " but only " + (to - i - 2) + " bytes follow");
            }
            Octets value = Octets.of(b, i + 2, len);
            into.merge(code, value, Octets::concat);
            i += 2 + len;
        }
        throw new DhcpDecodeException(Problem.MISSING_END, "the " + area + " end without the end option (255)");
    }

    private static IpAddress address(byte[] b, int at) {
        return IpAddress.of(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
