package dev.weft.netlink.link;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.Nl;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPv6 address generation mode none on a link ({@link LinkCodec#setIpv6AddrGenMode}), against
 * the bytes {@code ip link set dev g0 addrgenmode none} (iproute2 6.x) sent for index 3,
 * captured with {@code strace -e sendmsg -xx}. iproute2 leaves NLA_F_NESTED off its nests
 * ({@code 1a00}, {@code 0a00}); weft's builder sets it ({@code 1a80}, {@code 0a80}), which the
 * kernel masks off: every other byte is the same.
 */
class AddrGenModeCodecTest {
    /** The payload after the 16-byte header: ifinfomsg, then IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE u8 1 } }. */
    private static final String IPROUTE2 = "0000000003000000000000000000000010001a000c000a00050008000100" + "0000";

    private static byte[] payload(byte[] message) {
        return Arrays.copyOfRange(message, Nl.NLMSG_HDRLEN, message.length);
    }

    @Test
    void noneIsTheBytesIproute2SendsWithNestedFlags() {
        byte[] m = LinkCodec.setIpv6AddrGenMode(3, LinkCodec.IN6_ADDR_GEN_MODE_NONE, 0, 0).build(1);
        String expected = IPROUTE2.replace("10001a00", "10001a80").replace("0c000a00", "0c000a80");
        assertThat(HexFormat.of().formatHex(payload(m))).isEqualTo(expected);
        ByteBuffer h = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(h.getInt(0)).as("nlmsg_len").isEqualTo(48);
        assertThat(h.getShort(4)).as("RTM_NEWLINK on an index").isEqualTo((short) Nl.RTM_NEWLINK);
        assertThat(h.getShort(6)).as("request, ack; no create").isEqualTo((short) (Nl.F_REQUEST | Nl.F_ACK));
    }

    @Test
    void upInTheSameRequestIsTheFlagUnderItsChangeMask() {
        byte[] m = LinkCodec.setIpv6AddrGenMode(7, LinkCodec.IN6_ADDR_GEN_MODE_NONE, LinkInfo.IFF_UP, LinkInfo.IFF_UP)
                .build(1);
        LinkInfo l = LinkCodec.decode(Message.parseAll(m, m.length).getFirst());
        assertThat(l.index()).isEqualTo(7);
        assertThat(l.isUp()).isTrue();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(Nl.NLMSG_HDRLEN + 12)).as("ifi_change").isEqualTo(LinkInfo.IFF_UP);
        assertThat(HexFormat.of().formatHex(payload(m)).substring(32)).as("the same attributes")
                .isEqualTo("10001a800c000a80050008000100" + "0000");
    }
}
