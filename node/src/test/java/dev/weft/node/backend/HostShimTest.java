package dev.weft.node.backend;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.link.MacvlanMode;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.testkit.Netns;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The macvlan backend's host shim in a throwaway namespace with a veth end as the uplink: created in bridge
 * mode with the node's address as a /32, accepted as it is on the next call, made again when it
 * sits on another parent or mode, refused when the name is someone else's device; its host routes
 * made exactly the pods' addresses.
 */
@RequiresRoot
class HostShimTest {
    @RegisterExtension
    static final Netns NS = new Netns();

    private static final InterfaceName SHIM = InterfaceName.of(HostShim.DEFAULT_NAME);
    private static final IpAddress NODE = IpAddress.parse("192.0.2.11");

    private static int uplink(Netlink nl, String name) {
        // a veth end as the uplink (this kernel may lack dummy); macvlans sit on it as on a NIC
        nl.links().add(new LinkSpec.Veth(InterfaceName.of(name), 1400, InterfaceName.of(name + "p"), -1));
        int index = nl.links().require(name).index();
        nl.addresses().add(index, InterfaceAddress.parse("192.0.2.11/24"));
        nl.links().setUp(nl.links().require(name + "p").index());
        nl.links().setUp(index);
        return index;
    }

    private static Set<IpAddress> hostRoutes(Netlink nl, int shim) {
        return nl.routes().list().stream().filter(r -> r.oif() == shim && r.effectiveTable() == 254 && r.dst().prefixLength() == 32)
                .map(r -> r.dst().network()).collect(Collectors.toSet());
    }

    @Test
    void createsInBridgeModeWithTheNodeAddressAndIsIdempotent() {
        try (NetNs ns = NetNs.named(NS.create("wt-shim")); Netlink nl = Netlink.open(ns)) {
            int up = uplink(nl, "up0");
            HostShim first = HostShim.ensure(nl, SHIM, up, NODE);
            LinkInfo shim = nl.links().require(SHIM.value());
            assertThat(shim.kind()).isEqualTo("macvlan");
            assertThat(shim.parent()).isEqualTo(up);
            assertThat(((LinkSpec.Macvlan) shim.spec()).mode()).isEqualTo(MacvlanMode.BRIDGE);
            assertThat(shim.mtu()).as("the uplink's MTU").isEqualTo(1400);
            assertThat(shim.isUp()).isTrue();
            assertThat(nl.addresses().list(shim.index())).extracting(a -> a.address().toString())
                    .contains("192.0.2.11/32");

            HostShim again = HostShim.ensure(nl, SHIM, up, NODE);
            assertThat(again.index()).as("the same device, not a new one").isEqualTo(first.index());
            assertThat(nl.addresses().list(shim.index()).stream().filter(a -> a.address().address().isV4()))
                    .hasSize(1);
        }
    }

    @Test
    void hostRoutesAreExactlyThePods() {
        try (NetNs ns = NetNs.named(NS.create("wt-shim")); Netlink nl = Netlink.open(ns)) {
            int up = uplink(nl, "up0");
            HostShim shim = HostShim.ensure(nl, SHIM, up, NODE);
            IpAddress a = IpAddress.parse("192.0.2.70");
            IpAddress b = IpAddress.parse("192.0.2.71");
            IpAddress c = IpAddress.parse("192.0.2.72");
            assertThat(shim.routes(Set.of(a, b))).isEqualTo(2);
            assertThat(hostRoutes(nl, shim.index())).containsExactlyInAnyOrder(a, b);
            assertThat(shim.routes(Set.of(a, b))).as("nothing to do the second time").isZero();

            assertThat(shim.routes(Set.of(b, c))).as("a goes, c comes").isEqualTo(2);
            assertThat(hostRoutes(nl, shim.index())).containsExactlyInAnyOrder(b, c);

            nl.routes().delete(RouteSpec.onLink(Cidr.host(b), shim.index()));
            assertThat(shim.routes(Set.of(b, c))).as("a route deleted by hand is back").isEqualTo(1);
            assertThat(hostRoutes(nl, shim.index())).containsExactlyInAnyOrder(b, c);
            assertThat(nl.routes().list()).as("the shim's own local route is left alone")
                    .anyMatch(r -> r.oif() == shim.index() && r.effectiveTable() == 255 && r.dst().network().equals(NODE));
            assertThat(nl.routes().list()).as("the uplink's own routes are left alone")
                    .anyMatch(r -> r.oif() == up && r.dst().equals(Cidr.parse("192.0.2.0/24")));
        }
    }

    @Test
    void aShimOnAnotherParentOrModeIsMadeAgain() {
        try (NetNs ns = NetNs.named(NS.create("wt-shim")); Netlink nl = Netlink.open(ns)) {
            int up = uplink(nl, "up0");
            nl.links().add(new LinkSpec.Veth(InterfaceName.of("other0"), 0, InterfaceName.of("other0p"), -1));
            int other = nl.links().require("other0").index();
            nl.links().add(new LinkSpec.Macvlan(SHIM, 0, other, MacvlanMode.VEPA, -1));

            HostShim.ensure(nl, SHIM, up, NODE);
            LinkInfo shim = nl.links().require(SHIM.value());
            assertThat(shim.parent()).isEqualTo(up);
            assertThat(((LinkSpec.Macvlan) shim.spec()).mode()).isEqualTo(MacvlanMode.BRIDGE);
        }
    }

    @Test
    void aDeviceOfAnotherKindWithTheNameIsRefusedAndKept() {
        try (NetNs ns = NetNs.named(NS.create("wt-shim")); Netlink nl = Netlink.open(ns)) {
            int up = uplink(nl, "up0");
            nl.links().add(new LinkSpec.Bridge(SHIM, 0, false));
            assertThatThrownBy(() -> HostShim.ensure(nl, SHIM, up, NODE))
                    .hasMessageContaining(SHIM.value()).hasMessageContaining("bridge").hasMessageContaining("not weft's");
            assertThat(nl.links().require(SHIM.value()).kind()).isEqualTo("bridge");
        }
    }
}
