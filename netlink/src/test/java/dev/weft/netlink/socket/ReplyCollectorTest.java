package dev.weft.netlink.socket;

import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.link.LinkCodec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Multipart dumps, ACKs, errors with extended acks, sequence checks and DUMP_INTR, without a kernel. */
public class ReplyCollectorTest {

    /** Test access to the extended-ack reader. */
    public static String extAck(Message m) {
        return ReplyCollector.extAck(m);
    }

    private static Message msg(int type, int flags, int seq) {
        MessageBuilder b = new MessageBuilder(type, flags).struct(LinkCodec.ifinfomsg(0, seq, 0, 0));
        byte[] bytes = b.build(seq);
        return Message.parseAll(bytes, bytes.length).getFirst();
    }

    /** NLMSG_ERROR as the kernel sends it with NETLINK_CAP_ACK and NETLINK_EXT_ACK. */
    static Message error(int seq, int errno, String text) {
        ByteBuffer body = Bytes.allocate(4 + 16).putInt(-errno).putInt(32).putShort((short) Nl.RTM_NEWLINK)
                .putShort((short) 0).putInt(seq).putInt(0);
        int flags = Nl.F_CAPPED | (text == null ? 0 : Nl.F_ACK_TLVS);
        MessageBuilder b = new MessageBuilder(Nl.NLMSG_ERROR, flags).struct(body.array());
        if (text != null) {
            b.string(Nl.NLMSGERR_ATTR_MSG, text);
        }
        byte[] bytes = b.build(seq);
        return Message.parseAll(bytes, bytes.length).getFirst();
    }

    private static Message done(int seq, int flags) {
        byte[] bytes = new MessageBuilder(Nl.NLMSG_DONE, Nl.F_MULTI | flags).struct(Bytes.u32(0)).build(seq);
        return Message.parseAll(bytes, bytes.length).getFirst();
    }

    private static List<Message> feed(ReplyCollector c, Message... ms) {
        for (Message m : ms) {
            if (c.accept(m)) {
                return c.messages();
            }
        }
        throw new AssertionError("reply not complete");
    }

    @Test
    void multipartDumpEndsAtDoneAndSkipsStaleMessages() {
        ReplyCollector c = new ReplyCollector(7, "dump links");
        List<Message> out = feed(c, msg(Nl.RTM_NEWLINK, Nl.F_MULTI, 6), msg(Nl.RTM_NEWLINK, Nl.F_MULTI, 7),
                msg(Nl.NLMSG_NOOP, 0, 7), msg(Nl.RTM_NEWLINK, Nl.F_MULTI, 7), done(6, 0), done(7, 0));
        assertThat(out).hasSize(2).allMatch(m -> m.seq() == 7 && m.type() == Nl.RTM_NEWLINK);
        assertThat(c.stale()).isEqualTo(2);
        assertThatThrownBy(() -> c.accept(done(7, 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGetEndsAtItsAck() {
        List<Message> out = feed(new ReplyCollector(3, "get link"), msg(Nl.RTM_NEWLINK, 0, 3), error(3, 0, null));
        assertThat(out).singleElement().satisfies(m -> assertThat(m.type()).isEqualTo(Nl.RTM_NEWLINK));
    }

    @Test
    void errorsGoThroughTheOneTableWithTheKernelsText() {
        assertThatThrownBy(() -> feed(new ReplyCollector(1, "create veth v0"), error(1, 17, "File exists")))
                .isInstanceOf(NetlinkException.ExistsException.class)
                .hasMessage("create veth v0: File exists (EEXIST): File exists");
        assertThatThrownBy(() -> feed(new ReplyCollector(1, "create dummy d0"), error(1, 95, "Unknown device type")))
                .isInstanceOf(NetlinkException.NotSupportedException.class)
                .hasMessageContaining("not supported by this kernel");
        assertThatThrownBy(() -> feed(new ReplyCollector(1, "x"), error(1, 19, null)))
                .isInstanceOf(NetlinkException.NotFoundException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).kernelMessage()).isNull());
        assertThatThrownBy(() -> feed(new ReplyCollector(1, "x"), error(1, 1, "no")))
                .isInstanceOf(NetlinkException.PermissionException.class);
        assertThatThrownBy(() -> feed(new ReplyCollector(1, "x"), error(1, 22, "bad")))
                .isExactlyInstanceOf(NetlinkException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).errnoName()).isEqualTo("EINVAL"));
        // an error for another request is stale, not ours
        ReplyCollector c = new ReplyCollector(2, "x");
        assertThat(c.accept(error(1, 17, "old"))).isFalse();
    }

    @Test
    void anInterruptedDumpIsItsOwnException() {
        ReplyCollector c = new ReplyCollector(9, "dump routes");
        assertThat(c.accept(msg(Nl.RTM_NEWROUTE, Nl.F_MULTI | Nl.F_DUMP_INTR, 9))).isFalse();
        assertThatThrownBy(() -> c.accept(done(9, 0))).isInstanceOf(NetlinkException.DumpInterruptedException.class)
                .hasMessageContaining("dump routes");
        assertThatThrownBy(() -> feed(new ReplyCollector(9, "d"), done(9, Nl.F_DUMP_INTR)))
                .isInstanceOf(NetlinkException.DumpInterruptedException.class);
    }

    @Test
    void batchesOfManyMessagesInOneDatagramSplitOnAlignment() {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parts.add(new MessageBuilder(Nl.RTM_NEWLINK, Nl.F_MULTI).struct(LinkCodec.ifinfomsg(0, i, 0, 0))
                    .string(3, "n" + i).build(5));
        }
        ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(p -> p.length).sum());
        parts.forEach(all::put);
        List<Message> ms = Message.parseAll(all.array(), all.capacity());
        assertThat(ms).hasSize(3);
        assertThat(LinkCodec.decode(ms.get(2)).name()).isEqualTo("n2");
    }
}
