package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockTest {
    private static final Cidr CIDR = Cidr.parse("10.0.0.0/29");
    private static final AttachmentId A = AttachmentId.of("a", "eth0");
    private static final AttachmentId B = AttachmentId.of("b", "eth0");

    private static Block alloc(Block b, int ordinal, AttachmentId who) {
        return b.allocate(ordinal, who, Optional.empty(), "n1", 5);
    }

    @Test
    void freshOrdinalsComeFirstThenTheLongestFreed() {
        BitSet reserved = new BitSet();
        reserved.set(0);
        Block b = Block.claimed("p", CIDR, "n1", 100);
        for (int o = 1; o <= 7; o++) {
            assertThat(b.pick(reserved)).hasValue(o);
            b = alloc(b, o, AttachmentId.of("c" + o, "eth0"));
        }
        assertThat(b.pick(reserved)).isEmpty();
        b = b.release(5, AttachmentId.of("c5", "eth0"), b.slots().get(5).seq()).orElseThrow();
        b = b.release(2, AttachmentId.of("c2", "eth0"), b.slots().get(2).seq()).orElseThrow();
        assertThat(b.freed()).containsExactly(5, 2);
        assertThat(b.pickFresh(reserved)).isEmpty();
        assertThat(b.pick(reserved)).hasValue(5);
        b = alloc(b, 5, A);
        assertThat(b.freed()).containsExactly(2);
        assertThat(b.free(reserved)).isEqualTo(1);
    }

    @Test
    void everyAllocationTakesTheNextSequenceNumberAndReleaseNeedsIt() {
        Block b = alloc(Block.claimed("p", CIDR, "n1", 100), 3, A);
        Slot s = b.slots().get(3);
        assertThat(s.seq()).isEqualTo(100);
        assertThat(b.nextSeq()).isEqualTo(101);
        assertThat(b.release(3, A, 99)).as("wrong seq").isEmpty();
        assertThat(b.release(3, B, 100)).as("wrong attachment").isEmpty();
        Block freed = b.release(3, A, 100).orElseThrow();
        Block again = alloc(freed, 3, A);
        assertThat(again.slots().get(3).seq()).isEqualTo(101);
        assertThat(again.release(3, A, 100)).as("the earlier allocation's release").isEmpty();
        assertThatThrownBy(() -> alloc(b, 3, B)).hasMessageContaining("allocated");
    }

    @Test
    void anAllocationClearsTheEmptyMark() {
        Block marked = Block.claimed("p", CIDR, "n1", 1).withEmptySince(OptionalLong.of(9));
        assertThat(alloc(marked, 1, A).emptySince()).isEmpty();
    }

    @Test
    void borrowedSlotsAreThoseOfOtherNodes() {
        Block b = alloc(Block.claimed("p", CIDR, "n1", 1), 1, A).allocate(2, B, Optional.empty(), "n2", 0);
        assertThat(b.borrowed()).containsOnlyKeys(2);
        assertThat(b.withAffinity(Optional.empty()).borrowed()).containsOnlyKeys(1, 2);
    }

    @Test
    void theConstructorRefusesInconsistentBlocks() {
        Slot s = new Slot(A, Optional.empty(), "n1", 7, 0, OptionalLong.empty());
        TreeMap<Integer, Slot> slots = new TreeMap<>();
        slots.put(9, s);
        assertThatThrownBy(() -> new Block("p", CIDR, Optional.empty(), 8, slots, List.of(), OptionalLong.empty()))
                .hasMessageContaining("ordinal 9");
        slots.clear();
        slots.put(1, s);
        assertThatThrownBy(() -> new Block("p", CIDR, Optional.empty(), 7, slots, List.of(), OptionalLong.empty()))
                .hasMessageContaining("nextSeq");
        assertThatThrownBy(() -> new Block("p", CIDR, Optional.empty(), 8, slots, List.of(1), OptionalLong.empty()))
                .hasMessageContaining("freed ordinal 1");
    }
}
