package dev.weft.netlink.conntrack;

import dev.weft.net.IpAddress;
import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real UDP flows inside a throwaway namespace (whose nftables ruleset turns connection tracking
 * on), seen in weft's ctnetlink dump and in the kernel's /proc/net/nf_conntrack, then deleted by
 * protocol, destination port and address, and seen gone from both.
 */
@RequiresRoot("creates a namespace, turns conntrack on there with nft and sends UDP inside it")
class ConntrackNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();
    private static final String RULESET = """
            table inet weft_ct_test {
                chain out { type filter hook output priority 0; ct state new counter accept; }
                chain in { type filter hook input priority 0; ct state new counter accept; }
            }
            """;
    private String name;
    private NetNs ns;
    private Conntrack ct;
    private final List<DatagramChannel> channels = new ArrayList<>();

    @BeforeEach
    void setUp() {
        name = netns.create("wt-ct");
        Proc.run(List.of("ip", "netns", "exec", name, "nft", "-f", "-"), Map.of(),
                RULESET.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20)).check();
        ns = NetNs.named(name);
        ct = Conntrack.open(ns);
    }

    @AfterEach
    void tearDown() throws IOException {
        for (DatagramChannel c : channels) {
            c.close();
        }
        ct.close();
        ns.close();
    }

    /** One datagram each way between sockets opened inside the namespace: a UDP flow to {@code to}:{@code port}. */
    private int udpFlow(String to, int port) {
        return ns.run(() -> {
            try {
                DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(to, port));
                DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress(to, 0));
                channels.add(server);
                channels.add(client);
                client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), new InetSocketAddress(to, port));
                ByteBuffer b = ByteBuffer.allocate(16);
                var from = server.receive(b);
                server.send(ByteBuffer.wrap("pong".getBytes(StandardCharsets.UTF_8)), from);
                client.receive(ByteBuffer.allocate(16));
                return ((InetSocketAddress) client.getLocalAddress()).getPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private String procTable() {
        return Proc.inNetns(name, "cat", "/proc/net/nf_conntrack").check().out();
    }

    @Test
    void aUdpFlowIsListedDeletedByPortAndGone() {
        int sport = udpFlow("127.0.0.1", 5353);
        int other = udpFlow("127.0.0.1", 5454);
        int sport6 = udpFlow("::1", 5353);

        List<ConntrackEntry> v4 = ct.list(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 5353));
        assertThat(v4).hasSize(1);
        ConntrackEntry e = v4.getFirst();
        assertThat(e.original()).isEqualTo(new ConntrackTuple(IpAddress.parse("127.0.0.1"), IpAddress.parse("127.0.0.1"),
                ConntrackTuple.UDP, sport, 5353));
        assertThat(e.reply().srcPort()).isEqualTo(5353);
        assertThat(e.reply().dstPort()).isEqualTo(sport);
        assertThat(e.timeoutSeconds()).isPositive();
        assertThat(e.id()).isNotZero();
        assertThat(ct.list(IpFamily.IPV4)).contains(e).hasSizeGreaterThanOrEqualTo(2);
        assertThat(procTable()).contains("sport=" + sport + " dport=5353").contains("dport=5454");

        assertThat(ct.delete(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 5353))).isEqualTo(1);
        assertThat(ct.list(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 5353))).isEmpty();
        assertThat(procTable()).doesNotContain("sport=" + sport + " dport=5353").contains("sport=" + other + " dport=5454");
        assertThat(ct.delete(e)).as("already gone").isFalse();

        // The v6 flow to the same port was left alone; deleteToPort takes both families.
        List<ConntrackEntry> v6 = ct.list(ConntrackFilter.toPort(IpFamily.IPV6, ConntrackTuple.UDP, 5353));
        assertThat(v6).extracting(x -> x.original().srcPort()).containsExactly(sport6);
        assertThat(ct.deleteToPort(ConntrackTuple.UDP, 5353)).isEqualTo(1);
        assertThat(ct.list(IpFamily.IPV6)).noneMatch(x -> x.original().dstPort() == 5353);
        assertThat(ct.list(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 5454))).hasSize(1);
        assertThat(ct.delete(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.TCP, 5454))).isZero();
    }

    @Test
    void aDestinationAddressNarrowsTheDelete() {
        udpFlow("127.0.0.1", 6000);
        int keep = udpFlow("127.0.0.2", 6000);
        assertThat(ct.delete(ConntrackFilter.toAddressAndPort(IpAddress.parse("127.0.0.1"), ConntrackTuple.UDP, 6000)))
                .isEqualTo(1);
        assertThat(ct.list(ConntrackFilter.toPort(IpFamily.IPV4, ConntrackTuple.UDP, 6000)))
                .singleElement().satisfies(x -> {
                    assertThat(x.original().dst()).isEqualTo(IpAddress.parse("127.0.0.2"));
                    assertThat(x.original().srcPort()).isEqualTo(keep);
                });
    }
}
