package dev.weft.netlink.codec;

import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkCodec;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.neigh.NeighCodec;
import dev.weft.netlink.neigh.Neighbour;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encodings checked byte by byte and decoded back, without a kernel. */
class CodecRoundTripTest {

    /** Parses what a builder produced as if the kernel had echoed it. */
    private static Message echo(MessageBuilder b) {
        byte[] bytes = b.build(42);
        List<Message> ms = Message.parseAll(bytes, bytes.length);
        assertThat(ms).hasSize(1);
        assertThat(ms.getFirst().seq()).isEqualTo(42);
        return ms.getFirst();
    }

    @Test
    void headerAndAlignedAttributes() {
        byte[] bytes = new MessageBuilder(Nl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK).struct(new byte[16])
                .string(3, "eth0").u32(4, 1500).build(7);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).isEqualTo(bytes.length).isEqualTo(16 + 16 + 12 + 8);
        assertThat(b.getShort(4)).isEqualTo((short) Nl.RTM_NEWLINK);
        assertThat(b.getShort(6)).isEqualTo((short) (Nl.F_REQUEST | Nl.F_ACK));
        assertThat(b.getInt(8)).isEqualTo(7);
        assertThat(b.getShort(32)).as("\"eth0\\0\" attr length").isEqualTo((short) 9);
        assertThat(bytes[41]).as("padding is zero").isZero();
        Attrs a = Message.parseAll(bytes, bytes.length).getFirst().attrs(16);
        assertThat(a.string(3)).contains("eth0");
        assertThat(a.u32(4)).contains(1500);
    }

    @Test
    void nestedAttributesCarryTheirLengthAndFlag() {
        byte[] bytes = new MessageBuilder(1, 0).beginNested(18).string(1, "veth").beginNested(2).u8(7, 1).endNested()
                .endNested().build(1);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        assertThat(b.getShort(16)).isEqualTo((short) (bytes.length - 16));
        assertThat(b.getShort(18) & Nl.NLA_F_NESTED).isNotZero();
        Attrs outer = Attrs.parse(bytes, 16, bytes.length).nested(18).orElseThrow();
        assertThat(outer.string(1)).contains("veth");
        assertThat(outer.nested(2).orElseThrow().u8(7)).contains(1);
    }

    @Test
    void vethSpecCarriesThePeerAndItsNamespace() {
        Message m = echo(LinkCodec.create(new LinkSpec.Veth(InterfaceName.of("h0"), 1400, InterfaceName.of("c0"), 9)));
        Attrs a = m.attrs(LinkCodec.IFINFOMSG);
        assertThat(a.string(3)).contains("h0");
        assertThat(a.u32(4)).contains(1400);
        Attrs info = a.nested(18).orElseThrow();
        assertThat(info.string(1)).contains("veth");
        byte[] peer = info.nested(2).orElseThrow().get(1).orElseThrow();
        Attrs peerAttrs = Attrs.parse(peer, 16, peer.length);
        assertThat(peerAttrs.string(3)).contains("c0");
        assertThat(peerAttrs.u32(28)).contains(9);
        assertThat(m.flags() & (Nl.F_CREATE | Nl.F_EXCL)).isEqualTo(Nl.F_CREATE | Nl.F_EXCL);
    }

    @Test
    void vxlanPortIsBigEndian() {
        Message m = echo(LinkCodec.create(new LinkSpec.Vxlan(InterfaceName.of("vx0"), 1450, 42,
                IpAddress.parse("192.0.2.1"), 4789, false, 3)));
        Attrs data = m.attrs(LinkCodec.IFINFOMSG).nested(18).orElseThrow().nested(2).orElseThrow();
        assertThat(data.u32(1)).contains(42);
        assertThat(data.be16(15)).contains(4789);
        assertThat(data.get(4)).hasValueSatisfying(v -> assertThat(v).containsExactly(192, 0, 2, 1));
        assertThat(data.u8(7)).contains(0);
        assertThat(data.u32(3)).contains(3);
    }

    @Test
    void portVlanIsAnAfBridgeSpec() {
        Message m = echo(LinkCodec.portVlan(7, 100, true, true));
        assertThat(m.type()).isEqualTo(Nl.RTM_SETLINK);
        assertThat(m.payload()[0]).isEqualTo((byte) Nl.AF_BRIDGE);
        byte[] info = m.attrs(LinkCodec.IFINFOMSG).nested(26).orElseThrow().get(2).orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(info).order(ByteOrder.nativeOrder());
        assertThat(b.getShort(0)).isEqualTo((short) 6);
        assertThat(b.getShort(2)).isEqualTo((short) 100);
        assertThat(echo(LinkCodec.portVlan(7, 1, false, false)).type()).isEqualTo(Nl.RTM_DELLINK);
    }

    @Test
    void addressRoundTrip() {
        AddrCodec.Addr a = AddrCodec.decode(echo(AddrCodec.add(5, InterfaceAddress.parse("fd00::7/64"),
                AddrCodec.NODAD, false)));
        assertThat(a.index()).isEqualTo(5);
        assertThat(a.address()).isEqualTo(InterfaceAddress.parse("fd00::7/64"));
        assertThat(a.flags()).isEqualTo(AddrCodec.NODAD);
    }

    @Test
    void routeRoundTripWithMetricsTableAndOnlink() {
        RouteSpec r = RouteSpec.via(Cidr.parse("10.9.0.0/16"), IpAddress.parse("10.1.0.1"), 4)
                .inTable(1000).withPriority(20).withMetrics(1400, 1360).withOnlink();
        RouteSpec back = RouteCodec.decode(echo(RouteCodec.add(r, true)));
        assertThat(back.dst()).isEqualTo(r.dst());
        assertThat(back.gateway()).isEqualTo(r.gateway());
        assertThat(back.oif()).isEqualTo(4);
        assertThat(back.table()).isEqualTo(1000);
        assertThat(back.priority()).isEqualTo(20);
        assertThat(back.mtu()).isEqualTo(1400);
        assertThat(back.advmss()).isEqualTo(1360);
        assertThat(back.onlink()).isTrue();
    }

    @Test
    void routeProtocolTagRoundTripsAndIsRangeChecked() {
        RouteSpec r = RouteSpec.via(Cidr.parse("10.60.0.0/27"), IpAddress.parse("10.1.0.2"), 3);
        assertThat(RouteCodec.protocolOf(echo(RouteCodec.add(r, true, 87)))).isEqualTo(87);
        assertThat(RouteCodec.protocolOf(echo(RouteCodec.add(r, true)))).isEqualTo(4); // static
        assertThat(RouteCodec.decode(echo(RouteCodec.add(r, true, 87)))).isEqualTo(RouteCodec.decode(echo(RouteCodec.add(r, true))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RouteCodec.add(r, true, 2))
                .hasMessageContaining("route protocol 2");
    }

    @Test
    void multipathAndBlackholeRoundTrip() {
        RouteSpec ecmp = RouteSpec.multipath(Cidr.parse("fd00:1::/64"), List.of(
                new RouteSpec.Nexthop(IpAddress.parse("fe80::1"), 2, 1),
                new RouteSpec.Nexthop(IpAddress.parse("fe80::2"), 3, 5)));
        RouteSpec back = RouteCodec.decode(echo(RouteCodec.add(ecmp, false)));
        assertThat(back.nexthops()).isEqualTo(ecmp.nexthops());
        assertThat(RouteCodec.decode(echo(RouteCodec.add(RouteSpec.blackhole(Cidr.parse("0.0.0.0/0")), false)))
                .blackhole()).isTrue();
    }

    @Test
    void neighbourAndFdbRoundTrip() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
        Neighbour arp = Neighbour.permanent(4, IpAddress.parse("10.0.0.9"), mac);
        assertThat(NeighCodec.decode(echo(NeighCodec.add(arp, false)))).isEqualTo(arp);
        Neighbour fdb = Neighbour.vxlanFdb(6, MacAddress.of(new byte[6]), IpAddress.parse("192.0.2.7"));
        Message appended = echo(NeighCodec.add(fdb, true));
        assertThat(appended.flags() & Nl.F_APPEND).isNotZero();
        assertThat(NeighCodec.decode(appended)).isEqualTo(fdb);
        Neighbour master = Neighbour.bridgeFdb(8, mac, true);
        assertThat(NeighCodec.decode(echo(NeighCodec.add(master, false))).kind()).isEqualTo(Neighbour.Kind.FDB_MASTER);
    }

    @Test
    void malformedInputIsRejectedNotGuessed() {
        byte[] bytes = new MessageBuilder(16, 0).struct(new byte[16]).string(3, "x").build(1);
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(0, bytes.length + 8);
        assertThatThrownBy(() -> Message.parseAll(bytes, bytes.length)).hasMessageContaining("malformed");
        byte[] attr = {(byte) 40, 0, 3, 0, 'x', 0, 0, 0};
        assertThatThrownBy(() -> Attrs.parse(attr)).hasMessageContaining("malformed attribute");
    }

    @Test
    void extendedAckMessageIsRead() {
        // NLMSG_ERROR with capped original header and an NLMSGERR_ATTR_MSG TLV, as the kernel sends.
        byte[] text = "Unknown device type\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + 16 + 4 + 20).order(ByteOrder.nativeOrder());
        b.putInt(b.capacity()).putShort((short) Nl.NLMSG_ERROR).putShort((short) (Nl.F_CAPPED | Nl.F_ACK_TLVS))
                .putInt(1).putInt(0);
        b.putInt(-95).putInt(32).putShort((short) 16).putShort((short) 0).putInt(1).putInt(0);
        b.putShort((short) (4 + text.length)).putShort((short) Nl.NLMSGERR_ATTR_MSG).put(text);
        Message m = Message.parseAll(b.array(), b.capacity()).getFirst();
        assertThat(dev.weft.netlink.socket.ReplyCollectorTest.extAck(m)).isEqualTo("Unknown device type");
    }
}
