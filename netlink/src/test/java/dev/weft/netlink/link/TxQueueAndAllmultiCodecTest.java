package dev.weft.netlink.link;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tuning plugin's link changes (transmit queue length, all-multicast) encoded and read back, without a kernel. */
class TxQueueAndAllmultiCodecTest {
    private static Message echo(MessageBuilder b) {
        byte[] bytes = b.build(1);
        return Message.parseAll(bytes, bytes.length).getFirst();
    }

    @Test
    void txQueueLengthIsIflaTxqlenOnTheIndex() {
        Message m = echo(LinkCodec.setTxQueueLength(7, 4242));
        assertThat(LinkCodec.txQueueLength(m)).isEqualTo(4242);
        assertThat(LinkCodec.decode(m).index()).isEqualTo(7);
        assertThat(LinkCodec.txQueueLength(echo(LinkCodec.setMtu(7, 1400)))).as("absent").isZero();
    }

    @Test
    void allmultiIsTheFlagUnderItsOwnChangeMask() {
        LinkInfo on = LinkCodec.decode(echo(LinkCodec.set(3, LinkInfo.IFF_ALLMULTI, LinkInfo.IFF_ALLMULTI)));
        assertThat(on.isAllmulti()).isTrue();
        assertThat(on.isUp()).isFalse();
        assertThat(on.isPromisc()).isFalse();
        byte[] off = LinkCodec.set(3, 0, LinkInfo.IFF_ALLMULTI).build(1);
        assertThat(java.nio.ByteBuffer.wrap(off).order(java.nio.ByteOrder.nativeOrder()).getInt(16 + 12))
                .as("ifi_change").isEqualTo(LinkInfo.IFF_ALLMULTI);
    }
}
