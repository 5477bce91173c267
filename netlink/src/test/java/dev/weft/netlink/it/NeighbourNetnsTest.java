package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.neigh.Neighbour;
import dev.weft.netlink.neigh.Neighbours;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ARP/NDP entries, bridge FDB (self/master) and VXLAN FDB, checked by dumps and {@code ip/bridge -j}. */
@RequiresRoot
class NeighbourNetnsTest {
    private static final MacAddress ZERO = MacAddress.of(new byte[6]);
    private TestNs a;
    private LinkInfo u0;

    @BeforeEach
    void setUp() {
        a = TestNs.create("ne");
        u0 = a.nl.links().addAndGet(new LinkSpec.Veth(InterfaceName.of("u0"), 0, InterfaceName.of("u1"), -1));
        a.nl.links().setUp(u0.index());
        a.nl.links().ensureUp("u1");
        a.nl.addresses().add(u0.index(), InterfaceAddress.parse("192.0.2.1/24"));
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a);
    }

    /** "mac dst" of every {@code bridge fdb show dev DEV} entry. */
    private List<String> fdb(String dev) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : a.bridgeJson("fdb", "show", "dev", dev)) {
            out.add(e.path("mac").asString() + (e.has("dst") ? " dst " + e.path("dst").asString() : "")
                    + (e.path("flags").toString().contains("self") ? " self" : "")
                    + (e.path("flags").toString().contains("master") || e.has("master") ? " master" : ""));
        }
        return out;
    }

    @Test
    void permanentArpAndNdpEntries() {
        Neighbours nb = a.nl.neighbours();
        MacAddress mac = MacAddress.parse("02:42:00:00:00:09");
        nb.add(Neighbour.permanent(u0.index(), IpAddress.parse("192.0.2.9"), mac));
        nb.add(Neighbour.permanent(u0.index(), IpAddress.parse("fd00:a::9"), mac));
        for (String fam : List.of("-4", "-6")) {
            JsonNode n = a.json(fam, "neigh", "show", "dev", "u0").get(0);
            assertThat(n.path("lladdr").asString()).isEqualTo(mac.toString());
            assertThat(n.path("state").toString()).contains("PERMANENT");
        }
        assertThat(nb.list(Nl.AF_INET)).filteredOn(x -> x.ifIndex() == u0.index()).singleElement()
                .satisfies(x -> assertThat(x).isEqualTo(Neighbour.permanent(u0.index(), IpAddress.parse("192.0.2.9"), mac)));
        assertThat(nb.list(Nl.AF_INET6)).extracting(Neighbour::ip).contains(IpAddress.parse("fd00:a::9"));
        nb.delete(Neighbour.permanent(u0.index(), IpAddress.parse("192.0.2.9"), mac));
        assertThat(nb.deleteIfExists(Neighbour.permanent(u0.index(), IpAddress.parse("192.0.2.9"), mac))).isFalse();
        assertThat(a.json("-4", "neigh", "show", "dev", "u0")).isEmpty();
    }

    @Test
    void bridgeFdbSelfAndMaster() {
        LinkInfo br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
        LinkInfo p0 = a.nl.links().addAndGet(new LinkSpec.Veth(InterfaceName.of("p0"), 0, InterfaceName.of("p1"), -1));
        a.nl.links().setMaster(p0.index(), br.index());
        MacAddress inBridge = MacAddress.parse("02:00:00:00:aa:01");
        MacAddress onPort = MacAddress.parse("02:00:00:00:aa:02");
        a.nl.neighbours().add(Neighbour.bridgeFdb(p0.index(), inBridge, true));
        a.nl.neighbours().add(Neighbour.bridgeFdb(p0.index(), onPort, false));
        assertThat(fdb("p0")).contains("02:00:00:00:aa:01 master", "02:00:00:00:aa:02 self");
        List<Neighbour> mine = a.nl.neighbours().fdb();
        assertThat(mine).filteredOn(x -> inBridge.equals(x.mac())).extracting(Neighbour::kind)
                .contains(Neighbour.Kind.FDB_MASTER);
        assertThat(mine).filteredOn(x -> onPort.equals(x.mac())).extracting(Neighbour::kind)
                .contains(Neighbour.Kind.FDB_SELF);
        a.nl.neighbours().delete(Neighbour.bridgeFdb(p0.index(), inBridge, true));
        assertThat(fdb("p0")).noneMatch(s -> s.startsWith("02:00:00:00:aa:01"));
    }

    @Test
    void vxlanFdbWithDstAndAnAppendedFloodList() {
        LinkInfo vx = a.nl.links().addAndGet(new LinkSpec.Vxlan(InterfaceName.of("vx0"), 0, 42,
                IpAddress.parse("192.0.2.1"), 4789, false, u0.index()));
        MacAddress peer = MacAddress.parse("02:42:00:00:00:02");
        Neighbours nb = a.nl.neighbours();
        nb.add(Neighbour.vxlanFdb(vx.index(), peer, IpAddress.parse("192.0.2.2")));
        nb.append(Neighbour.vxlanFdb(vx.index(), ZERO, IpAddress.parse("192.0.2.2")));
        nb.append(Neighbour.vxlanFdb(vx.index(), ZERO, IpAddress.parse("192.0.2.3")));
        assertThat(fdb("vx0")).contains("02:42:00:00:00:02 dst 192.0.2.2 self",
                "00:00:00:00:00:00 dst 192.0.2.2 self", "00:00:00:00:00:00 dst 192.0.2.3 self");
        assertThat(nb.fdb()).filteredOn(x -> x.ifIndex() == vx.index() && ZERO.equals(x.mac()))
                .extracting(Neighbour::ip).containsExactlyInAnyOrder(IpAddress.parse("192.0.2.2"), IpAddress.parse("192.0.2.3"));
        // replace (not append) moves the station to another VTEP
        nb.add(Neighbour.vxlanFdb(vx.index(), peer, IpAddress.parse("192.0.2.4")));
        assertThat(fdb("vx0")).contains("02:42:00:00:00:02 dst 192.0.2.4 self")
                .doesNotContain("02:42:00:00:00:02 dst 192.0.2.2 self");
        nb.delete(Neighbour.vxlanFdb(vx.index(), ZERO, IpAddress.parse("192.0.2.3")));
        assertThat(fdb("vx0")).doesNotContain("00:00:00:00:00:00 dst 192.0.2.3 self")
                .contains("00:00:00:00:00:00 dst 192.0.2.2 self");
    }
}
