package dev.weft.plugins.bridge;

import dev.weft.net.InterfaceAddress;
import dev.weft.nft.FakeNft;
import dev.weft.nft.MacSpoofCheck;
import dev.weft.nft.Masquerade;
import dev.weft.plugins.FakeIpam;
import dev.weft.plugins.net.FakeKernel;
import dev.weft.plugins.net.Link;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** weft-bridge's logic against an in-memory kernel; the real kernel is covered in BridgeNetnsTest. */
class BridgePluginTest {
    private static final String NS = "/run/netns/ctr";
    @TempDir
    Path tmp;
    private FakeKernel kernel;
    private FakeIpam ipam;
    private FakeNft nft;
    private PluginHarness plugin;

    @BeforeEach
    void setUp() {
        kernel = new FakeKernel();
        kernel.addNamespace(NS);
        ipam = new FakeIpam();
        nft = new FakeNft();
        plugin = new PluginHarness(new BridgePlugin(kernel, new IpamDelegate(ipam.exec),
                new Masquerade(nft, tmp.resolve("masq.lock")), new MacSpoofCheck(nft, tmp.resolve("spoof.lock"))));
    }

    private static String conf(String extra) {
        return """
                {"cniVersion": "1.1.0", "name": "net", "type": "weft-bridge", "bridge": "wbr0" %s,
                 "ipam": {"type": "fake-ipam"}}
                """.formatted(extra);
    }

    private Outcome add(String extra) {
        return plugin.run("ADD", "c1", "eth0", conf(extra), Map.of("CNI_NETNS", NS));
    }

    @Test
    void addWiresBridgeVethGatewayAndContainer() {
        Outcome o = add(", \"isGateway\": true, \"mtu\": 1400, \"hairpinMode\": true");
        assertThat(o.exit()).as(String.valueOf(o.out()) + o.err()).isZero();

        Link br = kernel.current().link("wbr0").orElseThrow();
        assertThat(br.isBridge()).isTrue();
        assertThat(br.up()).isTrue();
        assertThat(kernel.current().addresses(br)).containsExactly(InterfaceAddress.parse("10.22.0.1/24"));
        assertThat(kernel.ns("").sysctls()).containsEntry("net/ipv4/ip_forward", "1");

        String hostVeth = o.out().path("interfaces").path(1).path("name").asString();
        Link hv = kernel.current().link(hostVeth).orElseThrow();
        assertThat(hv.masterIndex()).isEqualTo(br.index());
        assertThat(hv.mtu()).isEqualTo(1400);
        assertThat(kernel.ns("").sysctls()).containsEntry("hairpin/" + hostVeth, "true");

        Link eth0 = kernel.ns(NS).link("eth0").orElseThrow();
        assertThat(eth0.up()).isTrue();
        assertThat(kernel.ns(NS).addresses(eth0)).containsExactly(InterfaceAddress.parse("10.22.0.2/24"));
        assertThat(kernel.ns(NS).routes("eth0")).extracting(Object::toString).containsExactly("192.0.2.0/24");

        assertThat(o.out().path("interfaces").path(0).path("name").asString()).isEqualTo("wbr0");
        assertThat(o.out().path("interfaces").path(2).path("sandbox").asString()).isEqualTo(NS);
        assertThat(o.out().path("ips").path(0).path("interface").asInt()).isEqualTo(2);
        assertThat(o.out().path("ips").path(0).path("gateway").asString()).isEqualTo("10.22.0.1");
        assertThat(o.out().path("dns").path("nameservers").path(0).asString()).isEqualTo("10.22.0.53");
    }

    @Test
    void defaultGatewayAddsDefaultRoutesPerFamily() {
        ipam.dual = true;
        Outcome o = add(", \"isDefaultGateway\": true");
        assertThat(o.exit()).isZero();
        assertThat(kernel.ns(NS).routes("eth0")).extracting(Object::toString)
                .contains("0.0.0.0/0", "::/0", "192.0.2.0/24");
        assertThat(kernel.ns(NS).sysctls()).containsEntry("net/ipv6/conf/eth0/accept_dad", "0");
        Link br = kernel.current().link("wbr0").orElseThrow();
        assertThat(kernel.current().addresses(br)).contains(InterfaceAddress.parse("fd22::1/64"));
    }

    @Test
    void hostPrefixGivesThePodAHostAddressBehindALinkLocalGatewayOnTheBridge() {
        Outcome o = add(", \"hostPrefix\": true, \"isDefaultGateway\": true");
        assertThat(o.exit()).as(String.valueOf(o.out()) + o.err()).isZero();
        Link br = kernel.current().link("wbr0").orElseThrow();
        assertThat(kernel.current().addresses(br)).as("no pool prefix on the bridge: the node routes the pool")
                .containsExactly(InterfaceAddress.parse("169.254.1.1/32"));
        Link eth0 = kernel.ns(NS).link("eth0").orElseThrow();
        assertThat(kernel.ns(NS).addresses(eth0)).containsExactly(InterfaceAddress.parse("10.22.0.2/32"));
        assertThat(kernel.ns(NS).routes("eth0")).extracting(Object::toString)
                .containsExactly("169.254.1.1/32", "192.0.2.0/24", "0.0.0.0/0");
        assertThat(o.out().path("ips").path(0).path("address").asString()).isEqualTo("10.22.0.2/32");
        assertThat(o.out().path("ips").path(0).path("gateway").asString()).isEqualTo("169.254.1.1");
        assertThat(o.out().path("routes").path(0).path("scope").asInt()).isEqualTo(253);

        Outcome check = plugin.run("CHECK", "c1", "eth0", conf(", \"hostPrefix\": true, \"prevResult\": " + o.out()),
                Map.of("CNI_NETNS", NS));
        assertThat(check.exit()).as(check.err()).isZero();
    }

    @Test
    void ipMasqAddsATaggedRuleAndDelRemovesIt() {
        add(", \"ipMasq\": true");
        assertThat(nft.script()).contains("ip saddr 10.22.0.2 ip daddr != 10.22.0.0/24")
                .contains(Masquerade.key("net", "c1", "eth0"));
    }

    @Test
    void macSpoofCheckPinsTheContainerMacOnItsPort() {
        Outcome o = add(", \"macspoofchk\": true, \"promiscMode\": true");
        String hostVeth = o.out().path("interfaces").path(1).path("name").asString();
        String mac = o.out().path("interfaces").path(2).path("mac").asString();
        assertThat(nft.script()).contains("add table bridge weft_macspoof")
                .contains("iifname \"" + hostVeth + "\" ether saddr != " + mac + " drop");
        assertThat(kernel.ns("").sysctls()).containsEntry("promisc/wbr0", "true");
    }

    @Test
    void vlanPutsTheHostPortOnAnAccessVlan() {
        Outcome o = add(", \"vlan\": 100");
        assertThat(o.exit()).isZero();
        String hostVeth = o.out().path("interfaces").path(1).path("name").asString();
        assertThat(kernel.ns("").sysctls()).containsEntry("vlan/" + hostVeth, "100");
    }

    @Test
    void gcDelegatesToIpamAndKeepsOnlyValidMasqueradeRules() {
        add(", \"ipMasq\": true");
        String gc = conf(", \"ipMasq\": true, \"cni.dev/valid-attachments\": []");
        assertThat(plugin.run("GC", "", "", gc, Map.of()).exit()).isZero();
        assertThat(ipam.exec.calls()).anyMatch(c -> c.command().equals("GC"));
    }

    @Test
    void interfaceNameClashIsCode4AndLeavesNothing() {
        kernel.ns(NS).addDevice("eth0", "veth");
        Outcome o = add("");
        assertThat(o.errorCode()).isEqualTo(4);
        assertThat(o.msg()).contains("eth0").contains("already exists");
        assertThat(kernel.current().link("wbr0")).isEmpty();
    }

    @Test
    void ipamFailureRollsBackTheVeth() {
        ipam.fail = true;
        Outcome o = add("");
        assertThat(o.errorCode()).isEqualTo(11);
        assertThat(kernel.current().links()).noneMatch(l -> "veth".equals(l.kind()));
    }

    /**
     * The bridge this ADD created used to stay behind when IPAM failed, while the veth and the
     * address were rolled back (issue #13, item 1).
     */
    @Test
    void ipamFailureRemovesTheBridgeThisAddCreated() {
        ipam.fail = true;
        assertThat(add("").errorCode()).isEqualTo(11);
        assertThat(kernel.current().link("wbr0")).as("bridge rolled back").isEmpty();
        assertThat(kernel.current().links()).noneMatch(l -> "veth".equals(l.kind()));
    }

    /** The same with the IPAM plugin missing from CNI_PATH (code 50): the bridge used to stay (item 1). */
    @Test
    void aMissingIpamPluginRemovesTheBridgeThisAddCreated() {
        Outcome o = plugin.run("ADD", "c1", "eth0", conf("").replace("fake-ipam", "absent-ipam"), Map.of("CNI_NETNS", NS));
        assertThat(o.errorCode()).isEqualTo(50);
        assertThat(kernel.current().link("wbr0")).isEmpty();
    }

    @Test
    void aBridgeThatWasThereBeforeTheAddStays() {
        Link before = kernel.ns("").addDevice("wbr0", "bridge");
        ipam.fail = true;
        assertThat(add("").errorCode()).isEqualTo(11);
        assertThat(kernel.current().link("wbr0")).map(Link::index).contains(before.index());
    }

    /** A bridge this ADD created but another pod's ADD joined meanwhile is that pod's now: it stays. */
    @Test
    void aBridgeAnotherPodJoinedMeanwhileStays() {
        ipam.exec.register("racing-ipam", call -> {
            var host = kernel.current();
            Link other = host.createVeth("vethother", "eth9", kernel.ns(NS), 0);
            host.setMaster(other, host.link("wbr0").orElseThrow());
            throw new dev.weft.cni.CniException(dev.weft.cni.CniErrorCode.TRY_AGAIN_LATER, "ipam is down");
        });
        Outcome o = plugin.run("ADD", "c1", "eth0", conf("").replace("fake-ipam", "racing-ipam"), Map.of("CNI_NETNS", NS));
        assertThat(o.errorCode()).isEqualTo(11);
        assertThat(kernel.current().link("wbr0")).isPresent();
        assertThat(kernel.current().link("vethother")).isPresent();
    }

    @Test
    void existingNonBridgeDeviceIsAnError() {
        kernel.ns("").addDevice("wbr0", "veth");
        Outcome o = add("");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.msg()).contains("wbr0");
    }

    @Test
    void bridgeAddressInTheSubnetNeedsForceAddress() {
        Link br = kernel.current().ensureBridge("wbr0", 0, false).value();
        kernel.current().addAddress(br, InterfaceAddress.parse("10.22.0.254/24"));
        Outcome refused = add(", \"isGateway\": true");
        assertThat(refused.errorCode()).isEqualTo(7);
        assertThat(refused.msg()).contains("forceAddress");
        assertThat(ipam.released.get()).as("rollback released the address").isEqualTo(1);
        Outcome forced = add(", \"isGateway\": true, \"forceAddress\": true");
        assertThat(forced.exit()).isZero();
        assertThat(kernel.current().addresses(br)).containsExactly(InterfaceAddress.parse("10.22.0.1/24"));
    }

    @Test
    void delReleasesIpamEvenWhenTheNetnsIsGoneAndIsIdempotent() {
        add("");
        kernel.removeNamespace(NS);
        Outcome del = plugin.run("DEL", "c1", "eth0", conf(""), Map.of("CNI_NETNS", NS));
        assertThat(del.exit()).as(String.valueOf(del.out())).isZero();
        assertThat(ipam.released.get()).isEqualTo(1);
        assertThat(plugin.run("DEL", "c1", "eth0", conf(""), Map.of("CNI_NETNS", "")).exit()).isZero();
    }

    @Test
    void delRemovesTheContainerInterface() {
        add("");
        assertThat(plugin.run("DEL", "c1", "eth0", conf(""), Map.of("CNI_NETNS", NS)).exit()).isZero();
        assertThat(kernel.ns(NS).link("eth0")).isEmpty();
    }

    @Test
    void addToAMissingNetnsIsCode3() {
        Outcome o = plugin.run("ADD", "c1", "eth0", conf(""), Map.of("CNI_NETNS", "/run/netns/gone"));
        assertThat(o.errorCode()).isEqualTo(3);
        assertThat(o.msg()).contains("/run/netns/gone");
    }

    @Test
    void checkPassesAfterAddAndFailsWhenTheAddressIsGone() {
        Outcome a = add(", \"isGateway\": true");
        String withPrev = conf(", \"isGateway\": true, \"prevResult\": " + a.out());
        assertThat(plugin.run("CHECK", "c1", "eth0", withPrev, Map.of("CNI_NETNS", NS)).exit()).isZero();
        Link eth0 = kernel.ns(NS).link("eth0").orElseThrow();
        kernel.ns(NS).deleteAddress(eth0, InterfaceAddress.parse("10.22.0.2/24"));
        Outcome bad = plugin.run("CHECK", "c1", "eth0", withPrev, Map.of("CNI_NETNS", NS));
        assertThat(bad.errorCode()).isEqualTo(3);
        assertThat(bad.msg()).contains("10.22.0.2/24");
    }

    @Test
    void configErrorsNameTheField() {
        assertThat(add(", \"vlan\": 5000").msg()).contains("\"vlan\"");

        assertThat(add(", \"mtu\": 10").msg()).contains("\"mtu\"");
        assertThat(add(", \"bridge\": \"this-name-is-too-long\"").msg()).contains("\"bridge\"");
        Outcome noIpam = plugin.run("ADD", "c1", "eth0", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"b\"}",
                Map.of("CNI_NETNS", NS));
        assertThat(noIpam.errorCode()).isEqualTo(7);
        assertThat(noIpam.msg()).contains("ipam.type");
    }
}
