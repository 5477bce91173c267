package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.addr.Addresses;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.net.InterfaceAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Address add/replace/delete/list, v4 and v6, checked by weft's dump and by {@code ip -j addr}. */
@RequiresRoot
class AddressNetnsTest {
    private TestNs a;
    private LinkInfo br;

    @BeforeEach
    void setUp() {
        a = TestNs.create("ad");
        br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
        a.nl.links().setUp(br.index());
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a);
    }

    /** "local/prefixlen" and flags of every address {@code ip -j addr show dev br0} lists. */
    private List<String> ipAddrs() {
        List<String> out = new ArrayList<>();
        for (JsonNode info : a.json("addr", "show", "dev", "br0").get(0).path("addr_info")) {
            out.add(info.path("local").asString() + "/" + info.path("prefixlen").asInt()
                    + (info.path("nodad").asBoolean() ? " nodad" : ""));
        }
        return out;
    }

    @Test
    void addListReplaceAndDeleteBothFamilies() {
        Addresses addrs = a.nl.addresses();
        InterfaceAddress v4 = InterfaceAddress.parse("10.5.0.1/24");
        InterfaceAddress v4b = InterfaceAddress.parse("10.6.0.7/16");
        InterfaceAddress v6 = InterfaceAddress.parse("fd05::1/64");
        addrs.add(br.index(), v4);
        addrs.add(br.index(), v4b);
        addrs.add(br.index(), v6, AddrCodec.NODAD);
        List<AddrCodec.Addr> mine = addrs.list(br.index());
        assertThat(mine).extracting(AddrCodec.Addr::address).contains(v4, v4b, v6);
        assertThat(mine).filteredOn(x -> x.address().equals(v6)).singleElement()
                .satisfies(x -> assertThat(x.has(AddrCodec.NODAD)).isTrue());
        assertThat(ipAddrs()).contains("10.5.0.1/24", "10.6.0.7/16", "fd05::1/64 nodad");
        // every address ip lists, weft lists (and the other way round)
        assertThat(mine).hasSize(ipAddrs().size());

        assertThatThrownBy(() -> addrs.add(br.index(), v4)).isInstanceOf(NetlinkException.ExistsException.class);
        addrs.replace(br.index(), v4, 0);
        addrs.replace(br.index(), InterfaceAddress.parse("10.7.0.9/24"), 0);
        assertThat(ipAddrs()).contains("10.5.0.1/24", "10.7.0.9/24");

        addrs.delete(br.index(), v4);
        addrs.delete(br.index(), v6);
        assertThat(addrs.deleteIfExists(br.index(), v6)).isFalse();
        assertThat(addrs.deleteIfExists(br.index(), v4b)).isTrue();
        assertThat(ipAddrs()).doesNotContain("10.5.0.1/24", "fd05::1/64 nodad", "10.6.0.7/16").contains("10.7.0.9/24");
        assertThat(addrs.list(br.index())).extracting(AddrCodec.Addr::address).doesNotContain(v4, v6, v4b);
    }

    @Test
    void hostBitsAndSlash32AreKeptAsGiven() {
        InterfaceAddress p2p = InterfaceAddress.parse("10.244.0.0/32");
        InterfaceAddress v6host = InterfaceAddress.parse("fd00:1::5/128");
        a.nl.addresses().add(br.index(), p2p);
        a.nl.addresses().replace(br.index(), v6host, AddrCodec.NODAD);
        assertThat(a.nl.addresses().list()).extracting(AddrCodec.Addr::address).contains(p2p, v6host);
        assertThat(ipAddrs()).contains("10.244.0.0/32", "fd00:1::5/128 nodad");
    }

    @Test
    void oneLinksAddressesComeFilteredByTheKernel() {
        a.nl.links().setUp(a.nl.links().require("lo").index()); // 127.0.0.1 and ::1 on another link
        a.nl.addresses().add(br.index(), InterfaceAddress.parse("10.8.0.1/24"));
        List<dev.weft.netlink.codec.Message> raw = a.nl.socket().strictDump(
                AddrCodec.dump(dev.weft.netlink.codec.Nl.AF_UNSPEC, br.index()), "dump");
        assertThat(raw).extracting(m -> AddrCodec.decode(m).index()).isNotEmpty().containsOnly(br.index());
        assertThat(a.nl.addresses().list()).extracting(AddrCodec.Addr::address)
                .contains(InterfaceAddress.parse("127.0.0.1/8"));
        assertThat(a.nl.addresses().list(br.index())).allMatch(x -> x.index() == br.index())
                .extracting(AddrCodec.Addr::address).contains(InterfaceAddress.parse("10.8.0.1/24"))
                .doesNotContain(InterfaceAddress.parse("127.0.0.1/8"));
        // the socket serves other requests as before
        assertThat(a.nl.links().list()).isNotEmpty();
    }
}
