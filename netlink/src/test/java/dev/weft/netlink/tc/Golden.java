package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden netlink bytes captured from iproute2's {@code tc} by {@code capture.sh} (next to the
 * files in test resources): one datagram per line, in hex.
 */
final class Golden {
    private static final int NLA_F_NESTED = 0x8000;

    private Golden() {
    }

    /** Every datagram of {@code name}.hex. */
    static List<byte[]> datagrams(String name) {
        try (InputStream in = Golden.class.getResourceAsStream(name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name + ".hex");
            }
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(HexFormat.of().parseHex(line.strip()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every message of every datagram of {@code name}.hex. */
    static List<Message> messages(String name) {
        List<Message> out = new ArrayList<>();
        for (byte[] d : datagrams(name)) {
            out.addAll(Message.parseAll(d, d.length));
        }
        return out;
    }

    /** The one request tc sent. */
    static byte[] request(String name) {
        List<byte[]> d = datagrams(name);
        assertThat(d).as(name).hasSize(1);
        return d.getFirst();
    }

    /**
     * Asserts that weft's {@code built} request equals tc's {@code name} byte for byte — built
     * with tc's sequence number, and with NLA_F_NESTED cleared on both sides wherever weft sets
     * it (weft marks every nest; tc marks only TCA_ACT_OPTIONS; the kernel accepts both).
     */
    static void assertSameAsTc(MessageBuilder built, String name, int structSize) {
        byte[] tc = request(name);
        int seq = ByteBuffer.wrap(tc).order(ByteOrder.nativeOrder()).getInt(8);
        byte[] mine = built.build(seq);
        byte[] theirs = tc.clone();
        if (mine.length == theirs.length) {
            clearNested(mine, theirs, 16 + structSize, mine.length);
        }
        assertThat(HexFormat.of().formatHex(mine)).as("weft vs tc: " + name).isEqualTo(HexFormat.of().formatHex(theirs));
    }

    private static void clearNested(byte[] mine, byte[] theirs, int from, int to) {
        ByteBuffer b = ByteBuffer.wrap(mine).order(ByteOrder.nativeOrder());
        ByteBuffer t = ByteBuffer.wrap(theirs).order(ByteOrder.nativeOrder());
        int off = from;
        while (off + 4 <= to) {
            int len = b.getShort(off) & 0xffff;
            int type = b.getShort(off + 2) & 0xffff;
            if (len < 4) {
                return;
            }
            if ((type & NLA_F_NESTED) != 0) {
                b.putShort(off + 2, (short) (type & ~NLA_F_NESTED));
                t.putShort(off + 2, (short) (t.getShort(off + 2) & ~NLA_F_NESTED));
                clearNested(mine, theirs, off + 4, off + len);
            }
            off += (len + 3) & ~3;
        }
    }
}
