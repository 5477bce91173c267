package dev.weft.netlink;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every operation in throwaway namespaces, checked by a dump and by {@code ip}'s own view. */
@RequiresRoot
class NetlinkNetnsTest {
    private String a;
    private String b;
    private NetNs nsA;
    private NetNs nsB;
    private Netlink rtA;
    private Netlink rtB;

    static String ip(String... args) {
        try {
            Process p = new ProcessBuilder(concat(args)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(String... args) {
        var l = new java.util.ArrayList<String>();
        l.add("ip");
        l.addAll(List.of(args));
        return l;
    }

    @BeforeEach
    void setUp() {
        String id = UUID.randomUUID().toString().substring(0, 6);
        a = "wtnl-a-" + id;
        b = "wtnl-b-" + id;
        nsA = NetNs.create(a);
        nsB = NetNs.create(b);
        rtA = Netlink.open(nsA);
        rtB = Netlink.open(nsB);
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {rtA, rtB, nsA, nsB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // teardown goes on
            }
        }
        if (a != null) {
            NetNs.delete(a);
            NetNs.delete(b);
        }
    }

    @Test
    void createdNamespaceIsVisibleToIp() {
        assertThat(ip("netns", "list")).contains(a).contains(b);
        assertThat(rtA.links().list()).extracting(LinkInfo::name).containsExactly("lo");
    }

    @Test
    void namespaceOfAProcessIsTheOneItRunsIn() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", b, "sleep", "5").start();
        try {
            Thread.sleep(300);
            long sleeper = p.descendants().findFirst().map(ProcessHandle::pid).orElse(p.pid());
            try (NetNs ofPid = NetNs.ofPid(sleeper); Netlink rt = Netlink.open(ofPid)) {
                rtB.links().add(new LinkSpec.Bridge(InterfaceName.of("marker0"), 0, false));
                assertThat(rt.links().get("marker0")).isPresent();
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void vethPeerGoesStraightIntoTheOtherNamespace() {
        rtA.links().add(new LinkSpec.Veth(InterfaceName.of("va"), 1400, InterfaceName.of("vb"), nsB.fd()));
        LinkInfo va = rtA.links().require("va");
        LinkInfo vb = rtB.links().require("vb");
        assertThat(va.kind()).isEqualTo("veth");
        assertThat(va.mtu()).isEqualTo(1400);
        assertThat(vb.mtu()).isEqualTo(1400);
        assertThat(ip("-n", b, "-o", "link", "show", "vb")).contains("mtu 1400");
    }

    @Test
    void bridgeAddressesRoutesAndUp() {
        rtA.links().add(new LinkSpec.Bridge(InterfaceName.of("br0"), 0, false));
        LinkInfo br = rtA.links().require("br0");
        rtA.links().setUp(br.index());
        rtA.addresses().add(br.index(), InterfaceAddress.parse("10.5.0.1/24"), 0);
        rtA.addresses().add(br.index(), InterfaceAddress.parse("fd05::1/64"), AddrCodec.NODAD);
        rtA.addresses().replace(br.index(), InterfaceAddress.parse("10.5.0.1/24"), 0);
        assertThat(rtA.addresses().list(br.index())).extracting(AddrCodec.Addr::address)
                .contains(InterfaceAddress.parse("10.5.0.1/24"), InterfaceAddress.parse("fd05::1/64"));
        assertThat(ip("-n", a, "-o", "addr", "show", "dev", "br0")).contains("10.5.0.1/24").contains("fd05::1/64");

        rtA.routes().add(RouteSpec.via(Cidr.parse("192.0.2.0/24"), IpAddress.parse("10.5.0.254"), br.index())
                .withPriority(50).withMetrics(1300, 1200));
        rtA.routes().add(RouteSpec.blackhole(Cidr.parse("198.51.100.0/24")).inTable(1000));
        String shown = ip("-n", a, "route", "show", "192.0.2.0/24");
        assertThat(shown).contains("via 10.5.0.254").contains("metric 50").contains("mtu 1300").contains("advmss 1200");
        assertThat(ip("-n", a, "route", "show", "table", "1000")).contains("blackhole 198.51.100.0/24");
        assertThat(rtA.routes().list(1000)).extracting(RouteSpec::blackhole).containsExactly(true);
        rtA.addresses().delete(br.index(), InterfaceAddress.parse("10.5.0.1/24"));
        assertThat(ip("-n", a, "-o", "addr", "show", "dev", "br0")).doesNotContain("10.5.0.1/24");
    }

    @Test
    void errorsCarryErrnoAndKernelMessage() {
        rtA.links().add(new LinkSpec.Bridge(InterfaceName.of("br0"), 0, false));
        assertThatThrownBy(() -> rtA.links().add(new LinkSpec.Bridge(InterfaceName.of("br0"), 0, false)))
                .isInstanceOf(NetlinkException.ExistsException.class).hasMessageContaining("EEXIST");
        assertThatThrownBy(() -> rtA.links().add(new LinkSpec.Generic(InterfaceName.of("d0"), 0, "dummy")))
                .isInstanceOf(NetlinkException.NotSupportedException.class).hasMessageContaining("not supported");
        assertThatThrownBy(() -> rtA.links().setMtu(rtA.links().require("br0").index(), 1))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("EINVAL");
        assertThatThrownBy(() -> NetNs.open("/run/netns/does-not-exist-" + a))
                .isInstanceOf(NetlinkException.NotFoundException.class);
        // This kernel is built without bridge VLAN filtering: asking for it is a clear refusal.
        assertThatThrownBy(() -> rtA.links().add(new LinkSpec.Bridge(InterfaceName.of("brv"), 0, true)))
                .isInstanceOf(NetlinkException.NotSupportedException.class).hasMessageContaining("EOPNOTSUPP");
        assertThat(rtA.links().get("brv")).isEmpty();
    }
}
