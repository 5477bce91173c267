package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.EpermProbe;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input and kernel refusals as typed exceptions with errno and message; no leaked descriptors. */
@RequiresRoot
class ErrorsNetnsTest {
    private TestNs a;

    @BeforeEach
    void setUp() {
        a = TestNs.create("er");
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a);
    }

    @Test
    void badInputIsRefusedBeforeTheKernelSeesIt() {
        assertThatThrownBy(() -> new LinkSpec.Veth(InterfaceName.of("a-name-longer-than-15"), 0, null, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 15");
        assertThatThrownBy(() -> a.nl.links().get("sixteen-chars-xx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:zz:00:01")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid MAC");
        assertThatThrownBy(() -> new LinkSpec.Vxlan(InterfaceName.of("vx0"), 0, 1 << 24, null, 0, true, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kernelRefusalsCarryErrnoOperationAndExtendedAck() {
        LinkInfo v = a.nl.links().addAndGet(new LinkSpec.Veth(InterfaceName.of("e0"), 0, InterfaceName.of("e1"), -1));
        assertThatThrownBy(() -> a.nl.links().add(new LinkSpec.Veth(InterfaceName.of("e0"), 0, InterfaceName.of("e9"), -1)))
                .isInstanceOf(NetlinkException.ExistsException.class).hasMessageContaining("EEXIST")
                .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(17))
                .satisfies(e -> assertThat(((NetlinkException) e).operation()).isEqualTo("create veth e0"));
        // the kernel explains this one in an extended ack
        assertThatThrownBy(() -> a.nl.links().setMtu(v.index(), 1))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("EINVAL")
                .satisfies(e -> assertThat(((NetlinkException) e).kernelMessage()).containsIgnoringCase("mtu"));
        assertThatThrownBy(() -> a.nl.links().delete(99999)).isInstanceOf(NetlinkException.NotFoundException.class)
                .hasMessageContaining("ENODEV");
        assertThatThrownBy(() -> a.nl.addresses().add(99999, InterfaceAddress.parse("10.0.0.1/24")))
                .isInstanceOf(NetlinkException.NotFoundException.class);
        assertThatThrownBy(() -> a.nl.links().require("nosuch0")).isInstanceOf(NetlinkException.NotFoundException.class);
        a.nl.links().setUp(v.index());
        // a gateway on no connected prefix: the kernel refuses it and says why
        assertThatThrownBy(() -> a.nl.routes().add(dev.weft.netlink.route.RouteSpec.via(
                dev.weft.net.Cidr.parse("10.1.0.0/16"), dev.weft.net.IpAddress.parse("203.0.113.1"), v.index())))
                .isInstanceOf(NetlinkException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).kernelMessage()).isNotBlank())
                .satisfies(e -> assertThat(((NetlinkException) e).operation()).contains("10.1.0.0/16"));
    }

    @Test
    void missingNamespaceIsNotFound() {
        assertThatThrownBy(() -> NetNs.open("/run/netns/" + a.name + "-missing"))
                .isInstanceOf(NetlinkException.NotFoundException.class).hasMessageContaining("ENOENT")
                .hasMessageContaining(a.name + "-missing");
        assertThatThrownBy(() -> NetNs.ofPid(Integer.MAX_VALUE)).isInstanceOf(NetlinkException.NotFoundException.class);
    }

    @Test
    void withoutCapabilitiesEnteringANamespaceIsEperm() {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String out = TestNs.run("setpriv", "--inh-caps=-all", "--bounding-set=-all", java,
                "--enable-native-access=ALL-UNNAMED", "-cp", cp, EpermProbe.class.getName(), a.name);
        assertThat(out).contains("PermissionException EPERM").contains("setns");
    }

    @Test
    void noFileDescriptorLeaksOverTenThousandOperations() throws Exception {
        LinkInfo v = a.nl.links().addAndGet(new LinkSpec.Veth(InterfaceName.of("f0"), 0, InterfaceName.of("f1"), -1));
        a.nl.addresses().add(v.index(), InterfaceAddress.parse("192.0.2.1/24"));
        // warm up everything that opens a descriptor once per JVM (class loading, the JIT, jars)
        exercise(v, 200);
        long before = openFds();
        exercise(v, 10_000);
        assertThat(openFds()).isEqualTo(before);
    }

    private void exercise(LinkInfo v, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(a.nl.links().get("f0")).isPresent();
            if (i % 2 == 0) {
                assertThat(a.nl.addresses().list(v.index())).isNotEmpty();
            }
            if (i % 10 == 0) {
                try (NetNs again = NetNs.named(a.name)) {
                    assertThat(again.fd()).isPositive();
                }
                assertThatThrownBy(() -> a.nl.links().delete(99999)).isInstanceOf(NetlinkException.class);
            }
            if (i % 100 == 0) {
                try (Netlink other = Netlink.open(a.ns)) {
                    assertThat(other.links().list()).hasSize(3);
                }
                assertThat(a.ns.readSysctl("net.ipv4.ip_forward")).isEqualTo("0");
            }
        }
    }

    private static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
