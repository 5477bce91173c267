package dev.weft.netlink.socket;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.link.LinkCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replies to several requests of one datagram, routed by sequence number, without a kernel. */
class BatchTest {

    private static Message newlink(int seq, int index) {
        byte[] bytes = new MessageBuilder(Nl.RTM_NEWLINK, 0).struct(LinkCodec.ifinfomsg(0, index, 0, 0)).build(seq);
        return Message.parseAll(bytes, bytes.length).getFirst();
    }

    private static Message ack(int seq) {
        return ReplyCollectorTest.error(seq, 0, null);
    }

    @Test
    void eachRequestGetsItsOwnMessagesAndAnErrorDoesNotStopTheOthers() {
        Batch b = new Batch(List.of("set link 5 up", "create veth", "get link 5"));
        b.expect(0, 100);
        b.expect(1, 101);
        b.expect(2, 102);
        b.accept(newlink(99, 1)); // an earlier, abandoned exchange's answer
        b.accept(ack(100));
        assertThat(b.complete()).isFalse();
        b.accept(ReplyCollectorTest.error(101, 17, "File exists"));
        b.accept(newlink(102, 5));
        assertThat(b.complete()).isFalse();
        b.accept(ack(102));
        assertThat(b.complete()).isTrue();

        List<Reply> r = b.replies();
        assertThat(r.get(0).failed()).isFalse();
        assertThat(r.get(0).messages()).isEmpty();
        assertThat(r.get(1).error()).isInstanceOf(NetlinkException.ExistsException.class)
                .hasMessageContaining("create veth").hasMessageContaining("File exists");
        assertThat(r.get(2).orThrow()).hasSize(1);
        assertThat(r.get(2).orThrow().getFirst().buffer().getInt(4)).isEqualTo(5);
        assertThatThrownBy(() -> r.get(1).orThrow()).isSameAs(r.get(1).error());
    }

    @Test
    void repliesMayArriveOutOfOrderAndTheBatchIsNotCompleteUntilAllAnswered() {
        Batch b = new Batch(List.of("a", "b"));
        b.expect(0, Integer.MAX_VALUE); // the sequence wraps between the two
        b.expect(1, 1);
        b.accept(ack(1));
        assertThat(b.complete()).isFalse();
        assertThatThrownBy(b::replies).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 of 2");
        b.accept(ack(Integer.MAX_VALUE));
        assertThat(b.replies()).extracting(Reply::failed).containsExactly(false, false);
    }

    @Test
    void aDuplicateAnswerAfterCompletionIsSkipped() {
        Batch b = new Batch(List.of("a"));
        b.expect(0, 7);
        b.accept(ack(7));
        b.accept(ack(7));
        assertThat(b.replies()).hasSize(1);
    }
}
