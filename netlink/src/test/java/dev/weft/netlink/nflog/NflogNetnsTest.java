package dev.weft.netlink.nflog;

import dev.weft.net.IpAddress;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real packets hitting {@code log group} rules in a throwaway namespace arrive at weft's NFLOG
 * receiver with the rule's prefix, addresses, ports and devices; a rate limit in front of the log
 * caps the records of a flood; a second receiver of the same group is refused. With
 * {@code -Dweft.golden.update=true} the records are saved as the codec test's golden bytes.
 */
@RequiresRoot("creates a namespace, loads nft log rules there and sends UDP inside it")
class NflogNetnsTest {
    private static final int GROUP = 30565;
    private static final Path GOLDEN = Path.of("src/test/resources/dev/weft/netlink/nflog/nflog-capture.txt");
    @RegisterExtension
    final Netns netns = new Netns();
    private String name;
    private NetNs ns;

    @BeforeEach
    void setUp() {
        name = netns.create("wt-nflog");
        Proc.run(List.of("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"), Map.of(), new byte[0],
                Duration.ofSeconds(10)).check();
        nft("""
                add table inet wt_nflog
                add chain inet wt_nflog out { type filter hook output priority filter; policy accept; }
                add rule inet wt_nflog out udp dport 9999 log group %1$d prefix "weft ingress_0123456789ab"
                add rule inet wt_nflog out udp dport 9999 drop
                add rule inet wt_nflog out udp dport 9998 limit rate 5/second burst 10 packets log group %1$d prefix "weft egress_00ff"
                add rule inet wt_nflog out udp dport 9998 drop
                """.formatted(GROUP));
        ns = NetNs.named(name);
    }

    @AfterEach
    void tearDown() {
        ns.close();
    }

    private void nft(String script) {
        Proc.run(List.of("ip", "netns", "exec", name, "nft", "-f", "-"), Map.of(),
                script.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20)).check();
    }

    private void send(String dst, int fromPort, int toPort, int count) {
        ns.run(() -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(dst), fromPort))) {
                for (int i = 0; i < count; i++) {
                    try {
                        s.send(new DatagramPacket(new byte[] {'x'}, 1, InetAddress.getByName(dst), toPort));
                    } catch (IOException dropped) {
                        // the drop rule answers EPERM to the sender: expected
                    }
                }
            }
            return null;
        });
    }

    /** Records until {@code want} arrived or nothing came for a receive timeout. */
    private static List<Message> collect(Nflog log, int want) {
        List<Message> out = new ArrayList<>();
        for (int idle = 0; out.size() < want && idle < 3; ) {
            List<Message> batch = log.receiveMessages().stream().filter(NflogCodec::isPacket).toList();
            idle = batch.isEmpty() ? idle + 1 : 0;
            out.addAll(batch);
        }
        return out;
    }

    @Test
    void aLoggedPacketArrivesWithPrefixAddressesPortsAndDevice() throws IOException {
        try (Nflog log = Nflog.open(ns, GROUP)) {
            send("127.0.0.1", 40001, 9999, 1);
            send("::1", 40002, 9999, 1);
            List<Message> got = collect(log, 2);
            assertThat(got).hasSize(2);
            NflogRecord v4 = NflogCodec.decode(got.get(0));
            NflogRecord v6 = NflogCodec.decode(got.get(1));
            assertThat(v4.group()).isEqualTo(GROUP);
            assertThat(v4.prefix()).isEqualTo("weft ingress_0123456789ab");
            assertThat(v4.packet()).isEqualTo(new PacketSummary(IpAddress.parse("127.0.0.1"), IpAddress.parse("127.0.0.1"),
                    PacketSummary.UDP, 40001, 9999, 29));
            assertThat(v4.outIfindex()).as("lo").isEqualTo(1);
            assertThat(v4.inIfindex()).as("output hook: no in device").isZero();
            assertThat(v6.packet()).isEqualTo(new PacketSummary(IpAddress.parse("::1"), IpAddress.parse("::1"),
                    PacketSummary.UDP, 40002, 9999, 49));
            if (Boolean.getBoolean("weft.golden.update")) {
                Files.writeString(GOLDEN, "packet udp4 " + hex(got.get(0)) + "\npacket udp6 " + hex(got.get(1)) + "\n");
            }
        }
    }

    @Test
    void theRuleLimitCapsAFloodsRecords() {
        try (Nflog log = Nflog.open(ns, GROUP)) {
            long start = System.nanoTime();
            send("127.0.0.1", 40003, 9998, 2000);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Message> got = collect(log, 10_000);
            // burst 10 at once, then 5 a second over however long the flood took (plus the flush)
            assertThat(got.size()).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(10 + (int) Math.ceil(5 * (seconds + 1)));
            assertThat(got).allSatisfy(m -> assertThat(NflogCodec.decode(m).prefix()).isEqualTo("weft egress_00ff"));
        }
    }

    @Test
    void aSecondReceiverOfTheGroupIsRefused() {
        try (Nflog first = Nflog.open(ns, GROUP)) {
            assertThatThrownBy(() -> Nflog.open(ns, GROUP).close()).hasMessageContaining("NFLOG config of group " + GROUP);
        }
        Nflog.open(ns, GROUP).close(); // given back with the first socket
    }

    /** The whole message as the kernel sent it: header rebuilt from the parsed fields, then the payload. */
    static String hex(Message m) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + m.payload().length).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(16 + m.payload().length).putShort((short) m.type()).putShort((short) m.flags()).putInt(m.seq())
                .putInt(m.pid()).put(m.payload());
        return HexFormat.of().formatHex(b.array());
    }
}
