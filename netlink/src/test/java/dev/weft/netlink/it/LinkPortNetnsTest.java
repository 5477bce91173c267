package dev.weft.netlink.it;

import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.link.Links;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bridge port made in one datagram ({@link Links#addPort}) and a creation answered by the
 * kernel's echo ({@link Links#addAndGet}), checked against {@code ip -j}.
 */
@RequiresRoot
class LinkPortNetnsTest {
    private TestNs a;
    private TestNs b;

    @BeforeEach
    void setUp() {
        a = TestNs.create("pa");
        b = TestNs.create("pb");
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a, b);
    }

    private static InterfaceName n(String s) {
        return InterfaceName.of(s);
    }

    @ParameterizedTest
    @EnumSource(Links.PortUp.class)
    void aPortIsCreatedUpEnslavedWithItsPeerInTheOtherNamespace(Links.PortUp when) {
        LinkInfo br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
        MacAddress peerMac = MacAddress.parse("02:00:00:aa:bb:cc");
        Links.Port port = a.nl.links().addPort(new LinkSpec.Veth(n("vh0"), 1400, n("eth0"), b.ns.fd(), peerMac),
                br.index(), when);

        assertThat(port.link().name()).isEqualTo("vh0");
        assertThat(port.link().isUp()).isTrue();
        assertThat(port.link().master()).isEqualTo(br.index());
        assertThat(port.master().index()).isEqualTo(br.index());
        assertThat(port.master().isUp()).isTrue();
        assertThat(a.link("vh0").path("master").asString()).isEqualTo("br0");
        assertThat(a.link("vh0").path("flags").toString()).contains("\"UP\"");
        assertThat(a.nl.links().require("vh0").isUp()).isTrue();
        assertThat(a.link("vh0").path("address").asString()).isEqualTo(port.link().mac().toString());
        assertThat(a.link("br0").path("address").asString()).isEqualTo(port.master().mac().toString());
        assertThat(a.link("br0").path("flags").toString()).contains("\"UP\"");
        LinkInfo peer = b.nl.links().require("eth0");
        assertThat(port.link().parent()).as("the echo names the peer's index").isEqualTo(peer.index());
        assertThat(peer.mac()).isEqualTo(peerMac);
        assertThat(peer.isUp()).isFalse();
        assertThat(peer.mtu()).isEqualTo(1400);
    }

    @ParameterizedTest
    @EnumSource(Links.PortUp.class)
    void aPortWithoutIpv6LinkLocalGetsNoAddressWhenItsCarrierComesUp(Links.PortUp when) {
        LinkInfo br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
        Links.Port port = a.nl.links().addPort(new LinkSpec.Veth(n("vh3"), 0, n("eth0"), b.ns.fd()), br.index(), when,
                false);
        assertThat(a.ip("-d", "link", "show", "vh3")).contains("addrgenmode none");
        assertThat(a.nl.links().require("vh3").isUp()).isTrue();
        assertThat(port.link().master()).isEqualTo(br.index());
        assertThat(a.ip("-6", "addr", "show", "dev", "vh3")).doesNotContain("inet6");
        b.nl.links().setUp(b.nl.links().require("eth0").index()); // carrier on for both ends
        waitFor(() -> a.link("vh3").path("operstate").asString().equals("UP")); // the kernel's link watch ran
        assertThat(b.ip("-6", "addr", "show", "dev", "eth0")).as("the peer keeps its link-local").contains("fe80::");
        assertThat(a.ip("-6", "addr", "show", "dev", "vh3")).doesNotContain("inet6");
    }

    @Test
    void aPortWithIpv6LinkLocalGetsOneAsBefore() {
        LinkInfo br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
        a.nl.links().addPort(new LinkSpec.Veth(n("vh4"), 0, n("eth0"), b.ns.fd()), br.index(), Links.PortUp.IN_CREATE,
                true);
        assertThat(a.ip("-d", "link", "show", "vh4")).doesNotContain("addrgenmode none");
        b.nl.links().setUp(b.nl.links().require("eth0").index());
        waitFor(() -> a.ip("-6", "addr", "show", "dev", "vh4").contains("fe80::"));
    }

    /** Polls until {@code condition} holds (the kernel's link watch runs after the SETLINK returns); fails after 20 s. */
    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 20 s").isLessThan(end);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aMissingMasterIsNotFoundAndCreatesNothing() {
        assertThatThrownBy(() -> a.nl.links().addPort(new LinkSpec.Veth(n("vh1"), 0, n("eth0"), b.ns.fd()), 999))
                .isInstanceOf(NetlinkException.NotFoundException.class);
        assertThat(a.nl.links().get("vh1")).isEmpty();
        assertThat(b.nl.links().get("eth0")).isEmpty();
    }

    @Test
    void aTakenPeerNameIsExistsAndLeavesNothingNew() {
        LinkInfo br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
        b.nl.links().add(LinkSpec.Bridge.named("eth0"));
        assertThatThrownBy(() -> a.nl.links().addPort(new LinkSpec.Veth(n("vh2"), 0, n("eth0"), b.ns.fd()),
                br.index())).isInstanceOf(NetlinkException.ExistsException.class);
        assertThat(a.nl.links().get("vh2")).isEmpty();
        assertThat(b.nl.links().require("eth0").kind()).isEqualTo("bridge");
        assertThat(a.nl.links().list()).extracting(LinkInfo::name).containsExactlyInAnyOrder("lo", "br0");
    }

    @Test
    void addAndGetAnswersFromTheEchoAsAGetWould() {
        LinkInfo made = a.nl.links().addAndGet(new LinkSpec.Veth(n("e0"), 1300, n("e1"), b.ns.fd()));
        LinkInfo got = a.nl.links().require("e0");
        assertThat(made.index()).isEqualTo(got.index());
        assertThat(made.mac()).isEqualTo(got.mac());
        assertThat(made.mtu()).isEqualTo(1300);
        assertThat(made.parent()).isEqualTo(b.nl.links().require("e1").index());
    }
}
