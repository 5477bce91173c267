package dev.weft.ipam.dhcp;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.result.Route;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.daemon.DaemonServer;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.Lease;
import dev.weft.dhcp.testing.FakeLeaseHolder;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.sdk.testing.PluginHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugin over a fake holder, in-process and through a real socket; no DHCP server, no root. */
class DhcpPluginTest {
    static final Lease LEASE = new Lease(InterfaceAddress.parse("192.0.2.50/24"), IpAddress.parse("192.0.2.1"),
            List.of(Route.of(Cidr.parse("10.0.0.0/8"), IpAddress.parse("192.0.2.254")),
                    Route.of(Cidr.parse("0.0.0.0/0"), IpAddress.parse("192.0.2.1"))),
            List.of(IpAddress.parse("192.0.2.53")), "weft.test", IpAddress.parse("192.0.2.1"),
            Instant.now(), Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofSeconds(105));
    private static final Map<String, String> NETNS = Map.of("CNI_NETNS", "/run/netns/p1");

    @TempDir
    Path tmp;
    private final FakeLeaseHolder holder = new FakeLeaseHolder(LEASE);

    private static String config(String ipamExtra) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"lan\",\"type\":\"weft-bridge\",\"ipam\":{\"type\":\"weft-dhcp\""
                + ipamExtra + "}}";
    }

    private static String withPrev(String address) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"lan\",\"type\":\"weft-bridge\",\"ipam\":{\"type\":\"weft-dhcp\"},"
                + "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"" + address + "\"}]}}";
    }

    @Test
    void addReturnsTheLeaseAsTheResult() {
        PluginHarness.Outcome o = new PluginHarness(DhcpPlugin.servedBy(holder)).run("ADD", "c1", "eth0",
                config(",\"timeout\":\"3s\""), NETNS);
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out().toString()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.50/24\","
                + "\"gateway\":\"192.0.2.1\"}],\"routes\":[{\"dst\":\"10.0.0.0/8\",\"gw\":\"192.0.2.254\"},"
                + "{\"dst\":\"0.0.0.0/0\",\"gw\":\"192.0.2.1\"}],\"dns\":{\"nameservers\":[\"192.0.2.53\"],"
                + "\"domain\":\"weft.test\"}}");
        assertThat(holder.calls).containsExactly("acquire lan:c1:eth0 3000");
        assertThat(holder.lastNetns).isEqualTo("/run/netns/p1");
    }

    @Test
    void checkAndDel() {
        PluginHarness h = new PluginHarness(DhcpPlugin.servedBy(holder));
        assertThat(h.run("CHECK", "c1", "eth0", withPrev("192.0.2.50/24"), NETNS).errorCode())
                .isEqualTo(CniErrorCode.UNKNOWN_CONTAINER.code()); // nothing acquired yet
        h.run("ADD", "c1", "eth0", config(""), NETNS);
        assertThat(h.run("CHECK", "c1", "eth0", withPrev("192.0.2.50/24"), NETNS).exit()).isZero();
        PluginHarness.Outcome other = h.run("CHECK", "c1", "eth0", withPrev("192.0.2.51/24"), NETNS);
        assertThat(other.errorCode()).isEqualTo(CniErrorCode.UNKNOWN_CONTAINER.code());
        assertThat(other.msg()).contains("192.0.2.50/24").contains("prevResult");
        assertThat(h.run("DEL", "c1", "eth0", config(""), Map.of()).exit()).isZero();
        assertThat(h.run("DEL", "c1", "eth0", config(""), Map.of()).exit()).isZero(); // idempotent
        assertThat(holder.held).isEmpty();
    }

    @Test
    void aTimeoutIsTryAgainLater() {
        holder.failure = new DhcpException(DhcpException.Reason.TIMEOUT, "no DHCP server answered on eth0");
        PluginHarness.Outcome o = new PluginHarness(DhcpPlugin.servedBy(holder)).run("ADD", "c1", "eth0",
                config(",\"timeout\":2"), NETNS);
        assertThat(o.errorCode()).isEqualTo(11);
        assertThat(o.msg()).contains("no DHCP server answered").contains("timeout 2000 ms");
    }

    @Test
    void throughTheSocketAsTheJvmPathDoes() throws Exception {
        Path sock = tmp.resolve("dhcp.sock");
        try (DaemonServer server = DaemonServer.start(sock, holder)) {
            PluginHarness h = new PluginHarness(DhcpPlugin.viaSocket());
            String c = config(",\"daemonSocketPath\":\"" + sock + "\"");
            PluginHarness.Outcome add = h.run("ADD", "c1", "eth1", c, NETNS);
            assertThat(add.exit()).as(add.err()).isZero();
            assertThat(add.out().path("ips").get(0).path("address").asString()).isEqualTo("192.0.2.50/24");
            assertThat(holder.held).containsKey(Attachment.of("c1", "lan", "eth1"));
            assertThat(h.run("DEL", "c1", "eth1", c, Map.of()).exit()).isZero();
            assertThat(holder.held).isEmpty();
        }
    }

    @Test
    void withoutAnyHolderTheErrorSaysHowToStartOne() {
        Path sock = tmp.resolve("nobody.sock");
        PluginHarness.Outcome o = new PluginHarness(DhcpPlugin.viaSocket()).run("ADD", "c1", "eth0",
                config(",\"daemonSocketPath\":\"" + sock + "\""), NETNS);
        assertThat(o.errorCode()).isEqualTo(CniErrorCode.TRY_AGAIN_LATER.code());
        assertThat(o.msg()).contains(sock.toString()).contains("weft agent").contains("weft dhcp daemon --socket " + sock);
    }
}
