package dev.weft.dhcp.daemon;

import dev.weft.cni.result.Route;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.packet.Octets;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DaemonCodecTest {
    static final Attachment A = Attachment.of("c1", "lan", "eth0");
    static final Lease LEASE = new Lease(InterfaceAddress.parse("192.0.2.50/24"), IpAddress.parse("192.0.2.1"),
            List.of(Route.of(Cidr.parse("0.0.0.0/0"), IpAddress.parse("192.0.2.1"))),
            List.of(IpAddress.parse("192.0.2.53")), "weft.test", IpAddress.parse("192.0.2.1"),
            Instant.parse("2026-12-02T04:00:00Z"), Duration.ofSeconds(120), Duration.ofSeconds(60),
            Duration.ofSeconds(105));

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }

    @Test
    void acquireGolden() {
        ClientOptions o = new ClientOptions(ClientOptions.DEFAULT_REQUESTED, Map.of(12, Octets.ofText("pod1")));
        DaemonRequest r = new DaemonRequest.Acquire(A, "/run/netns/p1", o, Duration.ofSeconds(10));
        String golden = """
                {"v":1,"op":"acquire","containerId":"c1","network":"lan","ifName":"eth0","netns":"/run/netns/p1",\
                "request":[1,3,6,15,33,121],"provide":{"12":"706f6431"},"timeoutMs":10000}
                """;
        assertThat(text(DaemonCodec.encode(r))).isEqualTo(golden);
        assertThat(DaemonCodec.decodeRequest(golden.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
    }

    @Test
    void otherRequestsGolden() {
        assertThat(text(DaemonCodec.encode(new DaemonRequest.Release(A))))
                .isEqualTo("{\"v\":1,\"op\":\"release\",\"containerId\":\"c1\",\"network\":\"lan\",\"ifName\":\"eth0\"}\n");
        assertThat(text(DaemonCodec.encode(new DaemonRequest.Renew(A, Duration.ofSeconds(3)))))
                .isEqualTo("{\"v\":1,\"op\":\"renew\",\"containerId\":\"c1\",\"network\":\"lan\",\"ifName\":\"eth0\","
                        + "\"timeoutMs\":3000}\n");
        assertThat(text(DaemonCodec.encode(new DaemonRequest.ListLeases()))).isEqualTo("{\"v\":1,\"op\":\"list\"}\n");
        for (DaemonRequest r : List.of(new DaemonRequest.Release(A), new DaemonRequest.Check(A),
                new DaemonRequest.Renew(A, Duration.ofMillis(1500)), new DaemonRequest.ListLeases())) {
            assertThat(DaemonCodec.decodeRequest(DaemonCodec.encode(r))).isEqualTo(r);
        }
    }

    @Test
    void repliesGolden() {
        String granted = "{\"ok\":true,\"lease\":{\"address\":\"192.0.2.50/24\",\"gateway\":\"192.0.2.1\","
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"192.0.2.1\"}],\"dns\":[\"192.0.2.53\"],"
                + "\"domain\":\"weft.test\",\"serverId\":\"192.0.2.1\",\"boundAt\":\"2026-12-02T04:00:00Z\","
                + "\"leaseSeconds\":120,\"renewalSeconds\":60,\"rebindingSeconds\":105}}\n";
        assertThat(text(DaemonCodec.encode(new DaemonReply.Granted(LEASE)))).isEqualTo(granted);
        assertThat(DaemonCodec.decodeReply(granted.getBytes(StandardCharsets.UTF_8))).isEqualTo(new DaemonReply.Granted(LEASE));
        assertThat(text(DaemonCodec.encode(new DaemonReply.Failed(DhcpException.Reason.TIMEOUT, "no offer"))))
                .isEqualTo("{\"ok\":false,\"reason\":\"TIMEOUT\",\"message\":\"no offer\"}\n");
        for (DaemonReply r : List.of(new DaemonReply.Released(true), new DaemonReply.Released(false),
                new DaemonReply.Leases(List.of(new DaemonReply.Held(A, LEASE))), new DaemonReply.Leases(List.of()),
                new DaemonReply.Failed(DhcpException.Reason.NOT_BOUND, "gone"))) {
            assertThat(DaemonCodec.decodeReply(DaemonCodec.encode(r))).isEqualTo(r);
        }
    }

    @Test
    void badRequestsNameTheField() {
        assertThatThrownBy(() -> decode("{\"op\":\"list\"}")).hasMessageContaining("\"v\"");
        assertThatThrownBy(() -> decode("{\"v\":2,\"op\":\"list\"}")).hasMessageContaining("version 2");
        assertThatThrownBy(() -> decode("{\"v\":1,\"op\":\"steal\"}")).hasMessageContaining("\"op\"");
        assertThatThrownBy(() -> decode("{\"v\":1,\"op\":\"release\",\"network\":\"lan\",\"ifName\":\"eth0\"}"))
                .hasMessageContaining("\"containerId\" is missing");
        assertThatThrownBy(() -> decode("{\"v\":1,\"op\":\"acquire\",\"containerId\":\"c\",\"network\":\"n\","
                + "\"ifName\":\"eth0\",\"timeoutMs\":5}")).hasMessageContaining("\"netns\" is missing");
        assertThatThrownBy(() -> decode("{\"v\":1,\"op\":\"renew\",\"containerId\":\"c\",\"network\":\"n\","
                + "\"ifName\":\"eth0\",\"timeoutMs\":0}")).hasMessageContaining("timeoutMs 0");
        assertThatThrownBy(() -> decode("{\"v\":1,\"op\":\"acquire\",\"containerId\":\"c\",\"network\":\"n\","
                + "\"ifName\":\"eth0\",\"netns\":\"/x\",\"provide\":{\"53\":\"01\"},\"timeoutMs\":5}"))
                .hasMessageContaining("provide option 53");
        assertThatThrownBy(() -> decode("HTTP/1.0 400 Bad Request")).hasMessageContaining("not a message");
    }

    @Test
    void aReplyOfAnUnknownReasonIsStillAFailure() {
        assertThat(DaemonCodec.decodeReply("{\"ok\":false,\"reason\":\"QUOTA\",\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new DaemonReply.Failed(DhcpException.Reason.TRANSPORT, "m"));
        assertThatThrownBy(() -> DaemonCodec.decodeReply("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("\"lease\", \"sent\" or \"leases\"");
    }

    /** Whatever arrives on the socket, decoding either succeeds or says why: never another exception. */
    @Property(tries = 500)
    void decodingJunkFailsCleanly(@ForAll byte[] junk) {
        try {
            DaemonCodec.decodeRequest(junk);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            DaemonCodec.decodeReply(junk);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static DaemonRequest decode(String s) {
        return DaemonCodec.decodeRequest(s.getBytes(StandardCharsets.UTF_8));
    }
}
