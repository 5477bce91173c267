package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.link.Links;
import dev.weft.netlink.link.MacvlanMode;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every link operation in throwaway namespaces, checked by weft's dump and by {@code ip -j}. */
@RequiresRoot
class LinkNetnsTest {
    private TestNs a;
    private TestNs b;

    @BeforeEach
    void setUp() {
        a = TestNs.create("la");
        b = TestNs.create("lb");
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a, b);
    }

    private static InterfaceName n(String s) {
        return InterfaceName.of(s);
    }

    @Test
    void vethPeerIsCreatedStraightInTheTargetNamespace() {
        LinkInfo va = a.nl.links().addAndGet(new LinkSpec.Veth(n("va"), 1400, n("vb"), b.ns.fd()));
        LinkInfo vb = b.nl.links().require("vb");
        assertThat(va.kind()).isEqualTo("veth");
        assertThat(va.spec()).isInstanceOf(LinkSpec.Veth.class);
        assertThat(va.mtu()).isEqualTo(1400);
        assertThat(vb.mtu()).isEqualTo(1400);
        assertThat(a.nl.links().get("vb")).isEmpty();
        JsonNode ipVb = b.link("vb");
        assertThat(ipVb.path("ifindex").asInt()).isEqualTo(vb.index());
        assertThat(ipVb.path("linkinfo").path("info_kind").asString()).isEqualTo("veth");
        assertThat(ipVb.path("mtu").asInt()).isEqualTo(1400);
        assertThat(a.link("va").path("address").asString()).isEqualTo(va.mac().toString());
    }

    @Test
    void bridgeWithoutVlanFilteringAndARefusalWithIt() {
        LinkInfo br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
        assertThat(br.spec()).isEqualTo(new LinkSpec.Bridge(n("br0"), br.mtu(), false));
        assertThat(a.link("br0").path("linkinfo").path("info_data").path("vlan_filtering").asInt(-1)).isZero();
        // This kernel lacks bridge VLAN filtering: on is a typed refusal, at creation and later.
        assertThatThrownBy(() -> a.nl.links().add(new LinkSpec.Bridge(n("brv"), 0, true)))
                .isInstanceOf(NetlinkException.NotSupportedException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).errnoName()).isEqualTo("EOPNOTSUPP"));
        assertThatThrownBy(() -> a.nl.links().setVlanFiltering(br.index(), true))
                .isInstanceOf(NetlinkException.NotSupportedException.class);
        assertThat(a.nl.links().get("brv")).isEmpty();
    }

    @Test
    void bridgePortMasterHairpinAndNomaster() {
        Links l = a.nl.links();
        LinkInfo br = l.addAndGet(LinkSpec.Bridge.named("br0"));
        LinkInfo p0 = l.addAndGet(new LinkSpec.Veth(n("p0"), 0, n("p1"), -1));
        l.setMaster(p0.index(), br.index());
        l.setHairpin(p0.index(), true);
        assertThat(l.require("p0").master()).isEqualTo(br.index());
        JsonNode port = a.link("p0");
        assertThat(port.path("master").asString()).isEqualTo("br0");
        assertThat(port.path("linkinfo").path("info_slave_kind").asString()).isEqualTo("bridge");
        assertThat(port.path("linkinfo").path("info_slave_data").path("hairpin").asBoolean()).isTrue();
        l.setHairpin(p0.index(), false);
        assertThat(a.link("p0").path("linkinfo").path("info_slave_data").path("hairpin").asBoolean()).isFalse();
        l.setNoMaster(p0.index());
        assertThat(l.require("p0").master()).isZero();
        assertThat(a.link("p0").has("master")).isFalse();
    }

    @Test
    void vxlanWithVniLocalPortLearningAndDev() {
        Links l = a.nl.links();
        LinkInfo up = l.addAndGet(new LinkSpec.Veth(n("u0"), 0, n("u1"), -1));
        LinkSpec.Vxlan spec = new LinkSpec.Vxlan(n("vx0"), 1450, 42, IpAddress.parse("192.0.2.1"), 4789, false,
                up.index());
        LinkInfo vx = l.addAndGet(spec);
        assertThat(vx.spec()).isEqualTo(spec);
        JsonNode d = a.link("vx0").path("linkinfo").path("info_data");
        assertThat(d.path("id").asInt()).isEqualTo(42);
        assertThat(d.path("local").asString()).isEqualTo("192.0.2.1");
        assertThat(d.path("port").asInt()).isEqualTo(4789);
        assertThat(d.path("learning").asBoolean()).isFalse();
        assertThat(d.path("link").asString()).isEqualTo("u0");
        LinkInfo learning = l.addAndGet(new LinkSpec.Vxlan(n("vx1"), 0, 43, null, 0, true, 0));
        assertThat(((LinkSpec.Vxlan) learning.spec()).learning()).isTrue();
        assertThat(((LinkSpec.Vxlan) learning.spec()).port()).isEqualTo(8472);
        assertThat(a.link("vx1").path("linkinfo").path("info_data").path("learning").asBoolean()).isTrue();
    }

    @Test
    void macvlanInEveryMode() {
        Links l = a.nl.links();
        LinkInfo up = l.addAndGet(new LinkSpec.Veth(n("u0"), 0, n("u1"), -1));
        LinkInfo up2 = l.addAndGet(new LinkSpec.Veth(n("u2"), 0, n("u3"), -1));
        for (MacvlanMode mode : List.of(MacvlanMode.BRIDGE, MacvlanMode.PRIVATE, MacvlanMode.VEPA)) {
            String name = "mv-" + mode.name().toLowerCase();
            LinkInfo mv = l.addAndGet(new LinkSpec.Macvlan(n(name), 0, up.index(), mode, -1));
            assertThat(((LinkSpec.Macvlan) mv.spec()).mode()).isEqualTo(mode);
            assertThat(mv.parent()).isEqualTo(up.index());
            assertThat(a.link(name).path("linkinfo").path("info_data").path("mode").asString())
                    .isEqualTo(mode.name().toLowerCase());
        }
        // passthru takes the whole parent, so it goes on a parent of its own
        LinkInfo pt = l.addAndGet(new LinkSpec.Macvlan(n("mv-pt"), 0, up2.index(), MacvlanMode.PASSTHRU, -1));
        assertThat(((LinkSpec.Macvlan) pt.spec()).mode()).isEqualTo(MacvlanMode.PASSTHRU);
        assertThat(a.link("mv-pt").path("linkinfo").path("info_data").path("mode").asString()).isEqualTo("passthru");
        // created straight into another namespace
        l.add(new LinkSpec.Macvlan(n("mv-b"), 0, up.index(), MacvlanMode.BRIDGE, b.ns.fd()));
        assertThat(b.nl.links().get("mv-b")).isPresent();
        assertThat(l.get("mv-b")).isEmpty();
    }

    @Test
    void upDownMtuMacNameAliasAndDelete() {
        Links l = a.nl.links();
        LinkInfo v = l.addAndGet(new LinkSpec.Veth(n("g0"), 0, n("g1"), -1));
        l.setUp(v.index());
        assertThat(l.require(v.index()).isUp()).isTrue();
        assertThat(a.link("g0").path("flags").toString()).contains("\"UP\"");
        assertThat(l.ensureUp("g0")).isFalse();
        l.setDown(v.index());
        assertThat(l.require("g0").isUp()).isFalse();
        assertThat(a.link("g0").path("flags").toString()).doesNotContain("\"UP\"");
        l.setMtu(v.index(), 1280);
        MacAddress mac = MacAddress.parse("02:00:00:00:be:ef");
        l.setMac(v.index(), mac);
        l.setAlias(v.index(), "pod eth0");
        l.setName(v.index(), n("renamed0"));
        LinkInfo r = l.require(v.index());
        assertThat(r.name()).isEqualTo("renamed0");
        assertThat(r.mtu()).isEqualTo(1280);
        assertThat(r.mac()).isEqualTo(mac);
        assertThat(r.alias()).isEqualTo("pod eth0");
        JsonNode j = a.link("renamed0");
        assertThat(j.path("mtu").asInt()).isEqualTo(1280);
        assertThat(j.path("address").asString()).isEqualTo(mac.toString());
        assertThat(j.path("ifalias").asString()).isEqualTo("pod eth0");
        assertThat(l.ensureUp("renamed0")).isTrue();
        l.setPromisc(v.index(), true);
        assertThat(l.require(v.index()).isPromisc()).isTrue();
        assertThat(l.deleteIfExists("renamed0")).isTrue();
        assertThat(l.deleteIfExists("renamed0")).isFalse();
        assertThat(l.get("g1")).as("a veth pair goes together").isEmpty();
        assertThat(a.json("link", "show")).hasSize(1);
    }

    @Test
    void moveToAnotherNamespaceByFdWithARename() {
        Links l = a.nl.links();
        LinkInfo v = l.addAndGet(new LinkSpec.Veth(n("m0"), 0, n("m1"), -1));
        l.setNetns(v.index(), b.ns, n("eth0"));
        assertThat(l.get("m0")).isEmpty();
        assertThat(b.nl.links().require("eth0").kind()).isEqualTo("veth");
        assertThat(b.link("eth0").path("ifname").asString()).isEqualTo("eth0");
        LinkInfo m1 = l.require("m1");
        l.setNetns(m1.index(), b.ns, null);
        assertThat(b.nl.links().get("m1")).isPresent();
    }

    @Test
    void dumpAgreesWithIpJson() {
        Links l = a.nl.links();
        l.add(LinkSpec.Bridge.named("br0"));
        l.add(new LinkSpec.Veth(n("d0"), 1500, n("d1"), -1));
        l.add(new LinkSpec.Vxlan(n("vx0"), 0, 7, null, 0, true, 0));
        List<LinkInfo> ours = l.list();
        JsonNode theirs = a.json("-d", "link", "show");
        assertThat(ours).hasSize(theirs.size());
        for (JsonNode j : theirs) {
            LinkInfo mine = ours.stream().filter(o -> o.index() == j.path("ifindex").asInt()).findFirst().orElseThrow();
            assertThat(mine.name()).isEqualTo(j.path("ifname").asString());
            assertThat(mine.mtu()).isEqualTo(j.path("mtu").asInt());
            assertThat(mine.kind()).isEqualTo(j.path("linkinfo").path("info_kind").asString(""));
            assertThat(mine.operState()).isEqualTo(j.path("operstate").asString());
            if (mine.mac() != null) {
                assertThat(mine.mac().toString()).isEqualTo(j.path("address").asString());
            }
            assertThat(l.require(mine.index())).isEqualTo(l.require(mine.name()));
        }
    }

    @Test
    void kindsThisKernelLacksAreNotSupported() {
        for (String kind : List.of("dummy", "ipvlan", "ipip")) {
            assertThatThrownBy(() -> a.nl.links().add(new LinkSpec.Generic(n("x-" + kind), 0, kind)))
                    .isInstanceOf(NetlinkException.NotSupportedException.class)
                    .hasMessageContaining("not supported by this kernel")
                    .satisfies(e -> assertThat(((NetlinkException) e).operation()).contains(kind));
        }
    }
}
