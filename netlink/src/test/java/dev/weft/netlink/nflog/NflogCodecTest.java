package dev.weft.netlink.nflog;

import dev.weft.net.IpAddress;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * NFLOG without a kernel: records the kernel sent (captured by {@link NflogNetnsTest}, see
 * nflog-capture.txt) decode to what was sent; the bind request has the uapi layout; broken
 * payloads and random bytes are errors, never wrong records.
 */
class NflogCodecTest {

    private static Message golden(String label) throws IOException {
        try (InputStream in = NflogCodecTest.class.getResourceAsStream("nflog-capture.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] w = line.split(" ");
                if (w.length == 3 && w[1].equals(label)) {
                    byte[] b = HexFormat.of().parseHex(w[2]);
                    return Message.parseAll(b, b.length).getFirst();
                }
            }
        }
        throw new IllegalStateException("no golden " + label);
    }

    @Test
    void theKernelsIpv4RecordDecodes() throws IOException {
        NflogRecord r = NflogCodec.decode(golden("udp4"));
        assertThat(r.group()).isEqualTo(30565);
        assertThat(r.prefix()).isEqualTo("weft ingress_0123456789ab");
        assertThat(r.outIfindex()).isEqualTo(1);
        assertThat(r.inIfindex()).isZero();
        assertThat(r.timestamp()).as("locally sent packets carry no timestamp").isEmpty();
        assertThat(r.packet()).isEqualTo(new PacketSummary(IpAddress.parse("127.0.0.1"), IpAddress.parse("127.0.0.1"),
                PacketSummary.UDP, 40001, 9999, 29));
        assertThat(r.packet().protocolName()).isEqualTo("UDP");
    }

    @Test
    void theKernelsIpv6RecordDecodes() throws IOException {
        NflogRecord r = NflogCodec.decode(golden("udp6"));
        assertThat(r.packet()).isEqualTo(new PacketSummary(IpAddress.parse("::1"), IpAddress.parse("::1"),
                PacketSummary.UDP, 40002, 9999, 49));
    }

    @Test
    void aTimestampIsSecondsAndMicroseconds() throws IOException {
        byte[] ts = java.nio.ByteBuffer.allocate(16).putLong(1_790_000_000L).putLong(250_000).array();
        Message m = record(new MessageBuilder(Nfulnl.type(Nfulnl.MSG_PACKET), 0).struct(NflogCodec.nfgenmsg(2, 7))
                .attr(Nfulnl.TIMESTAMP, ts).attr(Nfulnl.PAYLOAD, payload(golden("udp4"))));
        assertThat(NflogCodec.decode(m).timestamp()).contains(java.time.Instant.ofEpochSecond(1_790_000_000L, 250_000_000));
        assertThat(NflogCodec.decode(m).group()).isEqualTo(7);
    }

    @Test
    void bindingIsPfRebindThenTheGroupWithPacketCopyMode() {
        List<MessageBuilder> bind = NflogCodec.bind(30565);
        assertThat(bind).hasSize(5);
        assertThat(HexFormat.of().formatHex(bind.getFirst().build(1)))
                .as("nlmsghdr, nfgenmsg AF_INET group 0, NFULA_CFG_CMD PF_UNBIND")
                .isEqualTo(HexFormat.of().formatHex(header(28, 1)) + "02000000" + "0500010004000000");
        assertThat(HexFormat.of().formatHex(bind.getLast().build(1))).isEqualTo(HexFormat.of().formatHex(header(56, 1))
                + "00007765" // AF_UNSPEC, version 0, group 30565 big-endian
                + "0500010001000000" // NFULA_CFG_CMD BIND
                + "0a000200000000800200" + "0000" // NFULA_CFG_MODE copy_range 128, COPY_PACKET, padded
                + "0800050000000001" // NFULA_CFG_QTHRESH 1
                + "080004000000000a"); // NFULA_CFG_TIMEOUT 10 (0.1 s)
    }

    @Test
    void brokenPayloadsAreErrorsNamingWhatIsMissing() throws IOException {
        assertThatThrownBy(() -> PacketSummary.parse(new byte[] {0x45, 0, 0})).hasMessageContaining("IPv4 header");
        assertThatThrownBy(() -> PacketSummary.parse(new byte[] {0x20})).hasMessageContaining("IP version 2");
        Message noPayload = record(new MessageBuilder(Nfulnl.type(Nfulnl.MSG_PACKET), 0).struct(NflogCodec.nfgenmsg(2, 7))
                .string(Nfulnl.PREFIX, "weft x"));
        assertThatThrownBy(() -> NflogCodec.decode(noPayload)).hasMessageContaining("NFULA_PAYLOAD");
    }

    @Test
    void aLaterFragmentHasNoPorts() throws IOException {
        byte[] p = payload(golden("udp4"));
        p[6] = 0x00;
        p[7] = 0x10; // fragment offset 16
        assertThat(PacketSummary.parse(p).destinationPort()).isZero();
    }

    /** Random mutations of a real record decode or fail with IllegalArgumentException, nothing else. */
    @Test
    void mutatedRecordsNeverThrowAnythingElse() throws IOException {
        Random rnd = new Random(21);
        Message base = golden("udp6");
        for (int i = 0; i < 20_000; i++) {
            byte[] p = base.payload().clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
            }
            Message m = new Message(base.type(), 0, 0, 0, rnd.nextInt(8) == 0 ? java.util.Arrays.copyOf(p, rnd.nextInt(p.length)) : p);
            try {
                NflogCodec.decode(m);
            } catch (IllegalArgumentException expected) {
                // a clear error is fine
            }
        }
    }

    private static byte[] payload(Message m) {
        return m.attrs(Nfulnl.NFGENMSG).get(Nfulnl.PAYLOAD).orElseThrow();
    }

    private static Message record(MessageBuilder b) {
        byte[] bytes = b.build(0);
        return Message.parseAll(bytes, bytes.length).getFirst();
    }

    private static byte[] header(int len, int seq) {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder()).putInt(len)
                .putShort((short) (Nfulnl.type(Nfulnl.MSG_CONFIG))).putShort((short) 5).putInt(seq).putInt(0).array();
    }
}
