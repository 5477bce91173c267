package dev.weft.netlink.link;

import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's echo of a new veth (NLM_F_ECHO on RTM_NEWLINK), decoded from golden bytes, and
 * the request that asks for it. {@code newlink-echo-veth.hex} is the payload (after the 16-byte
 * header) the kernel sent back for {@code create(Veth g0 mtu 1400, peer g1 in another namespace
 * with MAC 02:00:00:00:00:01), up, echo} in a fresh namespace — Linux 6.18, x86-64; captured by
 * printing {@code Message.payload()} in {@code LinkPortNetnsTest}. In that namespace g0 got
 * index 2, and g1 index 2 in its own.
 */
class LinkEchoGoldenTest {

    private static Message golden() throws IOException {
        byte[] payload;
        try (InputStream in = LinkEchoGoldenTest.class.getResourceAsStream("newlink-echo-veth.hex")) {
            payload = HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
        ByteBuffer b = ByteBuffer.allocate(Nl.NLMSG_HDRLEN + payload.length).order(ByteOrder.nativeOrder());
        b.putInt(Nl.NLMSG_HDRLEN + payload.length).putShort((short) Nl.RTM_NEWLINK).putShort((short) 0).putInt(42)
                .putInt(777).put(payload);
        return Message.parseAll(b.array(), b.capacity()).getFirst();
    }

    @Test
    void theEchoOfANewVethNamesItAndItsPeersIndex() throws IOException {
        LinkInfo l = LinkCodec.decode(golden());
        assertThat(l.index()).isEqualTo(2);
        assertThat(l.name()).isEqualTo("g0");
        assertThat(l.kind()).isEqualTo("veth");
        assertThat(l.mtu()).isEqualTo(1400);
        assertThat(l.mac()).isEqualTo(MacAddress.parse("b2:ed:53:fd:c8:4a"));
        assertThat(l.isUp()).isTrue();
        assertThat(l.parent()).as("IFLA_LINK: the peer's index, in the peer's namespace").isEqualTo(2);
        assertThat(l.master()).isZero();
        assertThat(l.spec()).isEqualTo(new LinkSpec.Veth(InterfaceName.of("g0"), 1400, null, -1));
    }

    @Test
    void aPortRequestAsksForEchoAndCarriesUpMasterAndThePeersMac() {
        MacAddress peerMac = MacAddress.parse("02:00:00:aa:bb:cc");
        LinkSpec.Veth spec = new LinkSpec.Veth(InterfaceName.of("vh0"), 1400, InterfaceName.of("eth0"), 9, peerMac);
        MessageBuilder req = LinkCodec.create(spec, 7, true, true);
        byte[] bytes = req.build(1);
        Message m = Message.parseAll(bytes, bytes.length).getFirst();
        assertThat(m.flags()).isEqualTo(Nl.F_REQUEST | Nl.F_ACK | Nl.F_ECHO | Nl.F_CREATE | Nl.F_EXCL);
        LinkInfo asSent = LinkCodec.decode(m);
        assertThat(asSent.isUp()).isTrue();
        assertThat(asSent.master()).isEqualTo(7);
        assertThat(asSent.spec()).isEqualTo(spec);
        // ifinfomsg: family 0, type 0, index 0, flags IFF_UP, change IFF_UP
        assertThat(HexFormat.of().formatHex(bytes, 16, 32)).isEqualTo("00000000" + "00000000" + "01000000" + "01000000");

        byte[] plain = LinkCodec.create(spec).build(1);
        Message p = Message.parseAll(plain, plain.length).getFirst();
        assertThat(p.flags() & Nl.F_ECHO).isZero();
        assertThat(LinkCodec.decode(p).isUp()).isFalse();
        assertThat(LinkCodec.decode(p).master()).isZero();
    }
}
