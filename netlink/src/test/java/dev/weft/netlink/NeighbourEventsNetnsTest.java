package dev.weft.netlink;

import dev.weft.netlink.event.KernelEvent;
import dev.weft.netlink.event.Subscription;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.neigh.Neighbour;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** VXLAN, macvlan, neighbours, FDB, ECMP, events, sysctls and fd hygiene in throwaway namespaces. */
class NeighbourEventsNetnsTest {
    private String name;
    private NetNs ns;
    private Rtnl rt;

    @BeforeEach
    void setUp() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        name = "wtk-n-" + UUID.randomUUID().toString().substring(0, 6);
        ns = NetNs.create(name);
        rt = Rtnl.open(ns);
    }

    @AfterEach
    void tearDown() {
        if (rt != null) {
            rt.close();
            ns.close();
            NetNs.delete(name);
        }
    }

    private LinkInfo uplink() {
        rt.addLink(new LinkSpec.Veth(InterfaceName.of("up0"), 0, InterfaceName.of("up1"), -1));
        LinkInfo up = rt.requireLink("up0");
        rt.setUp(up.index(), true);
        rt.setUp(rt.requireLink("up1").index(), true);
        rt.addAddress(up.index(), InterfaceAddress.parse("192.0.2.1/24"), 0);
        return up;
    }

    @Test
    void vxlanWithFdbFloodListAndNeighbours() {
        LinkInfo up = uplink();
        rt.addLink(new LinkSpec.Vxlan(InterfaceName.of("vx0"), 1450, 42, IpAddress.parse("192.0.2.1"), 8472, false,
                up.index()));
        LinkInfo vx = rt.requireLink("vx0");
        String details = RtnlNetnsTest.ip("-n", name, "-d", "link", "show", "vx0");
        assertThat(details).contains("vxlan id 42").contains("local 192.0.2.1").contains("dstport 8472")
                .contains("nolearning").contains("mtu 1450");

        MacAddress peer = MacAddress.parse("02:42:00:00:00:02");
        rt.addNeighbour(Neighbour.vxlanFdb(vx.index(), peer, IpAddress.parse("192.0.2.2")));
        rt.appendNeighbour(Neighbour.vxlanFdb(vx.index(), MacAddress.of(new byte[6]), IpAddress.parse("192.0.2.2")));
        rt.appendNeighbour(Neighbour.vxlanFdb(vx.index(), MacAddress.of(new byte[6]), IpAddress.parse("192.0.2.3")));
        String bridgeFdb = run("bridge", "-n", name, "fdb", "show", "dev", "vx0");
        assertThat(bridgeFdb).contains("02:42:00:00:00:02 dst 192.0.2.2")
                .contains("00:00:00:00:00:00 dst 192.0.2.2").contains("00:00:00:00:00:00 dst 192.0.2.3");
        assertThat(rt.neighbours(7)).filteredOn(n -> n.ifIndex() == vx.index() && peer.equals(n.mac()))
                .extracting(Neighbour::ip).containsExactly(IpAddress.parse("192.0.2.2"));

        rt.setUp(vx.index(), true);
        rt.addAddress(vx.index(), InterfaceAddress.parse("10.244.0.0/32"), 0);
        rt.addNeighbour(Neighbour.permanent(vx.index(), IpAddress.parse("10.244.1.0"), peer));
        rt.addRoute(RouteSpec.via(Cidr.parse("10.244.1.0/24"), IpAddress.parse("10.244.1.0"), vx.index()).withOnlink());
        assertThat(RtnlNetnsTest.ip("-n", name, "neigh", "show", "dev", "vx0")).contains("10.244.1.0 lladdr 02:42:00:00:00:02 PERMANENT");
        assertThat(RtnlNetnsTest.ip("-n", name, "route", "show", "10.244.1.0/24")).contains("via 10.244.1.0 dev vx0").contains("onlink");

        rt.deleteNeighbour(Neighbour.vxlanFdb(vx.index(), peer, IpAddress.parse("192.0.2.2")));
        assertThat(run("bridge", "-n", name, "fdb", "show", "dev", "vx0")).doesNotContain("02:42:00:00:00:02");
    }

    @Test
    void macvlanModesBridgePortsAndMasterFdb() {
        LinkInfo up = uplink();
        rt.addLink(new LinkSpec.Macvlan(InterfaceName.of("mv0"), 0, up.index(), 2, -1));
        assertThat(RtnlNetnsTest.ip("-n", name, "-d", "link", "show", "mv0")).contains("macvlan mode vepa");
        rt.addLink(new LinkSpec.Bridge(InterfaceName.of("br0"), 0, false));
        LinkInfo br = rt.requireLink("br0");
        LinkInfo up1 = rt.requireLink("up1");
        rt.setMaster(up1.index(), br.index());
        rt.setHairpin(up1.index(), true);
        assertThat(rt.requireLink("up1").master()).isEqualTo(br.index());
        assertThat(RtnlNetnsTest.ip("-n", name, "-d", "link", "show", "up1")).contains("hairpin on");
        MacAddress station = MacAddress.parse("02:00:00:00:aa:01");
        rt.addNeighbour(Neighbour.bridgeFdb(up1.index(), station, true));
        assertThat(run("bridge", "-n", name, "fdb", "show", "br", "br0")).contains("02:00:00:00:aa:01 dev up1");
        rt.setNoMaster(up1.index());
        assertThat(rt.requireLink("up1").master()).isZero();
        rt.setName(up1.index(), "renamed1");
        rt.setMac(up1.index(), station);
        assertThat(rt.requireLink("renamed1").mac()).isEqualTo(station);
        assertThat(rt.deleteLink("renamed1")).isTrue();
        assertThat(rt.link("up0")).as("a veth pair goes together").isEmpty();
    }

    @Test
    void multipathRoutesAndSysctls() {
        LinkInfo up = uplink();
        rt.addLink(new LinkSpec.Veth(InterfaceName.of("up2"), 0, InterfaceName.of("up3"), -1));
        LinkInfo up2 = rt.requireLink("up2");
        rt.setUp(up2.index(), true);
        rt.addAddress(up2.index(), InterfaceAddress.parse("198.51.100.1/24"), 0);
        rt.addRoute(RouteSpec.multipath(Cidr.parse("203.0.113.0/24"), List.of(
                new RouteSpec.Nexthop(IpAddress.parse("192.0.2.10"), up.index(), 1),
                new RouteSpec.Nexthop(IpAddress.parse("198.51.100.10"), up2.index(), 2))));
        String shown = RtnlNetnsTest.ip("-n", name, "route", "show", "203.0.113.0/24");
        assertThat(shown).contains("nexthop via 192.0.2.10 dev up0 weight 1").contains("nexthop via 198.51.100.10 dev up2 weight 2");
        assertThat(rt.routes(254)).filteredOn(r -> r.dst().equals(Cidr.parse("203.0.113.0/24")))
                .singleElement().satisfies(r -> assertThat(r.nexthops()).hasSize(2));

        assertThat(ns.readSysctl("net.ipv4.ip_forward")).isEqualTo("0");
        ns.sysctl("net.ipv4.ip_forward", "1");
        assertThat(ns.readSysctl("net/ipv4/ip_forward")).isEqualTo("1");
        assertThat(RtnlNetnsTest.ip("netns", "exec", name, "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");
    }

    @Test
    void eventsReportLinkAddressAndRouteChanges() throws Exception {
        List<KernelEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = Subscription.open(Optional.of(ns), Subscription.ALL, seen::add)) {
            LinkInfo up = uplink();
            rt.addRoute(RouteSpec.via(Cidr.parse("10.99.0.0/16"), IpAddress.parse("192.0.2.9"), up.index()));
            rt.deleteRoute(RouteSpec.via(Cidr.parse("10.99.0.0/16"), IpAddress.parse("192.0.2.9"), up.index()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && seen.stream().noneMatch(e -> e instanceof KernelEvent.RouteEvent r
                    && !r.added() && r.route().dst().equals(Cidr.parse("10.99.0.0/16")))) {
                Thread.sleep(20);
            }
        }
        assertThat(seen).anyMatch(e -> e instanceof KernelEvent.LinkEvent l && l.added() && l.link().name().equals("up0"));
        assertThat(seen).anyMatch(e -> e instanceof KernelEvent.AddressEvent a && a.added()
                && a.address().address().equals(InterfaceAddress.parse("192.0.2.1/24")));
        assertThat(seen).anyMatch(e -> e instanceof KernelEvent.RouteEvent r && r.added()
                && r.route().dst().equals(Cidr.parse("10.99.0.0/16")));
        assertThat(seen).anyMatch(e -> e instanceof KernelEvent.RouteEvent r && !r.added()
                && r.route().dst().equals(Cidr.parse("10.99.0.0/16")));
    }

    @Test
    void badInputAndErrnoMapping() {
        assertThatThrownBy(() -> InterfaceName.of("a-name-longer-than-15")).hasMessageContaining("longer than 15");
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:zz:00:01")).hasMessageContaining("invalid MAC");
        assertThatThrownBy(() -> rt.deleteLink(99999)).isInstanceOf(NetlinkException.NotFoundException.class)
                .hasMessageContaining("ENODEV");
        assertThatThrownBy(() -> rt.addAddress(99999, InterfaceAddress.parse("10.0.0.1/24"), 0))
                .isInstanceOf(NetlinkException.class).satisfies(e -> assertThat(((NetlinkException) e).errno()).isPositive());
        LinkInfo up = uplink();
        assertThatThrownBy(() -> rt.addAddress(up.index(), InterfaceAddress.parse("192.0.2.1/24"), 0))
                .isInstanceOf(NetlinkException.ExistsException.class);
        // EPERM: weft in a process whose capabilities setpriv dropped may not enter the namespace.
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String out = run("setpriv", "--inh-caps=-all", "--bounding-set=-all", java, "--enable-native-access=ALL-UNNAMED",
                "-cp", cp, EpermProbe.class.getName(), name);
        assertThat(out).contains("PermissionException EPERM").contains("setns");
    }

    @Test
    void linkDumpAgreesWithIpJson() throws Exception {
        uplink();
        var json = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(RtnlNetnsTest.ip("-n", name, "-j", "-d", "link", "show"));
        List<LinkInfo> ours = rt.links();
        assertThat(ours).hasSize(json.size());
        for (var l : json) {
            LinkInfo mine = ours.stream().filter(o -> o.index() == l.path("ifindex").asInt()).findFirst().orElseThrow();
            assertThat(mine.name()).isEqualTo(l.path("ifname").asString());
            assertThat(mine.mtu()).isEqualTo(l.path("mtu").asInt());
            assertThat(mine.kind()).isEqualTo(l.path("linkinfo").path("info_kind").asString(""));
            if (!l.path("address").asString("").isEmpty() && mine.mac() != null) {
                assertThat(mine.mac().toString()).isEqualTo(l.path("address").asString());
            }
        }
    }

    @Test
    void noFileDescriptorLeaksOverTenThousandOperations() throws Exception {
        uplink();
        long before = openFds();
        for (int i = 0; i < 10_000; i++) {
            rt.link("up0");
            if (i % 10 == 0) {
                try (NetNs again = NetNs.named(name)) {
                    again.fd();
                }
            }
            if (i % 100 == 0) {
                try (Rtnl other = Rtnl.open(ns)) {
                    other.addresses(0);
                }
            }
        }
        assertThat(openFds()).isEqualTo(before);
    }

    private static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
