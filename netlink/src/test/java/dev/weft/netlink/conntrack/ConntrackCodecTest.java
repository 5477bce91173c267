package dev.weft.netlink.conntrack;

import dev.weft.net.IpAddress;
import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ctnetlink encoding and decoding without a kernel: the kernel's own dump (captured, see
 * ct-dump.txt) decodes to what /proc/net/nf_conntrack said, weft's requests are the bytes the
 * kernel accepted, deletes round-trip, and garbage is rejected cleanly.
 */
class ConntrackCodecTest {
    private static final IpAddress LO = IpAddress.parse("127.0.0.1");
    private static final IpAddress LO6 = IpAddress.parse("::1");

    /** Lines "KIND LABEL HEX" of ct-dump.txt with KIND {@code kind} and LABEL {@code label}. */
    private static List<byte[]> golden(String kind, String label) {
        try (InputStream in = ConntrackCodecTest.class.getResourceAsStream("ct-dump.txt")) {
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] w = line.split(" ");
                if (w.length == 3 && w[0].equals(kind) && w[1].equals(label)) {
                    out.add(HexFormat.of().parseHex(w[2]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConntrackEntry decodeGolden(String label, int i) {
        return ConntrackCodec.decode(new Message(256, Nl.F_MULTI, 1, 0, golden("MSG", label).get(i)));
    }

    @Test
    void theKernelsDumpDecodesToWhatProcSaid() {
        ConntrackEntry e = decodeGolden("ipv4", 1);
        assertThat(e.original()).isEqualTo(new ConntrackTuple(LO, LO, ConntrackTuple.UDP, 40000, 5353));
        assertThat(e.reply()).isEqualTo(new ConntrackTuple(LO, LO, ConntrackTuple.UDP, 5353, 40000));
        assertThat(e.id()).isEqualTo(0xa7d5a8e9);
        assertThat(e.timeoutSeconds()).isEqualTo(29);
        assertThat(e.status()).isEqualTo(1 << 3); // IPS_CONFIRMED; not yet ASSURED: UNREPLIED
        assertThat(e.mark()).isZero();
        assertThat(e.zone()).isZero();
        assertThat(decodeGolden("ipv4", 0).original().dstPort()).isEqualTo(6000);
        ConntrackEntry v6 = decodeGolden("ipv6", 0);
        assertThat(v6.family()).isEqualTo(IpFamily.IPV6);
        assertThat(v6.original()).isEqualTo(new ConntrackTuple(LO6, LO6, ConntrackTuple.UDP, 40001, 5353));
        assertThat(decodeGolden("ipv4-udp-5353", 0)).isEqualTo(e);
    }

    @Test
    void theRequestsAreTheBytesTheKernelAccepted() {
        assertThat(hex(ConntrackCodec.dump(IpFamily.IPV4))).isEqualTo(HexFormat.of().formatHex(golden("REQ", "ipv4").getFirst()));
        assertThat(hex(ConntrackCodec.dump(IpFamily.IPV6))).isEqualTo(HexFormat.of().formatHex(golden("REQ", "ipv6").getFirst()));
        assertThat(hex(ConntrackCodec.dump(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 5353))))
                .isEqualTo(HexFormat.of().formatHex(golden("REQ", "ipv4-udp-5353").getFirst()));
    }

    private static String hex(MessageBuilder b) {
        return HexFormat.of().formatHex(b.build(1));
    }

    @Test
    void aFilterWithAnAddressComparesItToo() {
        byte[] b = ConntrackCodec.dump(ConntrackFilter.toAddressAndPort(LO6, ConntrackTuple.TCP, 443)).build(1);
        Message m = Message.parseAll(b, b.length).getFirst();
        assertThat(m.payload()[0]).isEqualTo((byte) IpFamily.IPV6.value());
        Attrs a = m.attrs(4);
        Attrs orig = a.nested(Cta.TUPLE_ORIG).orElseThrow();
        assertThat(orig.nested(Cta.TUPLE_IP).orElseThrow().get(Cta.IP_V6_DST)).hasValueSatisfying(v ->
                assertThat(v).isEqualTo(LO6.bytes()));
        assertThat(orig.nested(Cta.TUPLE_PROTO).orElseThrow().be16(Cta.PROTO_DST_PORT)).contains(443);
        assertThat(a.nested(Cta.FILTER).orElseThrow().u32(Cta.FILTER_ORIG_FLAGS))
                .contains(Cta.FILTER_IP_DST | Cta.FILTER_PROTO_NUM | Cta.FILTER_PROTO_DST_PORT);
    }

    @Test
    void deletesRoundTripWithTupleZoneAndId() {
        Random r = new Random(11);
        for (int i = 0; i < 1000; i++) {
            boolean v4 = r.nextBoolean();
            byte[] s = new byte[v4 ? 4 : 16];
            byte[] d = new byte[v4 ? 4 : 16];
            r.nextBytes(s);
            r.nextBytes(d);
            ConntrackTuple t = new ConntrackTuple(IpAddress.of(s), IpAddress.of(d), r.nextInt(256), r.nextInt(65536),
                    r.nextInt(65536));
            ConntrackEntry e = new ConntrackEntry(t, t, r.nextInt(), r.nextInt(3) == 0 ? r.nextInt(65536) : 0, 0, 0, 0);
            byte[] b = ConntrackCodec.delete(e).build(9);
            Message m = Message.parseAll(b, b.length).getFirst();
            assertThat(m.type()).isEqualTo(Cta.type(Cta.MSG_DELETE));
            assertThat(m.flags() & Nl.F_ACK).isNotZero();
            assertThat(ConntrackCodec.decode(m)).as(e.toString()).isEqualTo(e);
        }
    }

    @Test
    void filtersMatchOnlyTheirFamilyProtocolPortAndAddress() {
        ConntrackEntry e = decodeGolden("ipv4", 1);
        assertThat(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 5353).matches(e)).isTrue();
        assertThat(ConntrackFilter.toAddressAndPort(LO, ConntrackTuple.UDP, 5353).matches(e)).isTrue();
        assertThat(ConntrackFilter.toAddressAndPort(IpAddress.parse("127.0.0.2"), ConntrackTuple.UDP, 5353).matches(e)).isFalse();
        assertThat(ConntrackFilter.toPort(IpFamily.IPV6, ConntrackTuple.UDP, 5353).matches(e)).isFalse();
        assertThat(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.TCP, 5353).matches(e)).isFalse();
        assertThat(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 5354).matches(e)).isFalse();
    }

    @Test
    void badValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> ConntrackFilter.toPort(IpFamily.IPV4, 17, 70000)).hasMessageContaining("dstPort 70000");
        assertThatThrownBy(() -> ConntrackFilter.toPort(IpFamily.IPV4, 0, 53)).hasMessageContaining("protocol 0");
        assertThatThrownBy(() -> new ConntrackFilter(IpFamily.IPV4, 17, 53, LO6)).hasMessageContaining("dst ::1");
        assertThatThrownBy(() -> new ConntrackTuple(LO, LO6, 17, 1, 2)).hasMessageContaining("different families");
        assertThatThrownBy(() -> new ConntrackTuple(LO, LO, 17, -1, 2)).hasMessageContaining("srcPort -1");
        assertThatThrownBy(() -> IpFamily.of(7)).hasMessageContaining("family 7");
    }

    @Test
    void garbageIsRejectedCleanly() {
        Random r = new Random(3);
        byte[] seed = golden("MSG", "ipv6").getFirst();
        for (int i = 0; i < 20_000; i++) {
            byte[] p;
            if (i % 2 == 0) {
                p = new byte[r.nextInt(160)];
                r.nextBytes(p);
            } else {
                p = Arrays.copyOf(seed, seed.length);
                for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                    p[r.nextInt(p.length)] = (byte) r.nextInt(256);
                }
            }
            byte[] payload = p;
            assertThatCode(() -> {
                try {
                    ConntrackCodec.decode(new Message(256, 0, 1, 0, payload));
                } catch (IllegalArgumentException expected) {
                    // rejected as malformed
                }
            }).doesNotThrowAnyException();
        }
    }
}
