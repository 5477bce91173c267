package dev.weft.overlay.udp.packet;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatherTest {

    @Test
    void partsReadBackInOrderAndCountTheirBytes() {
        MemorySegment a = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5});
        MemorySegment b = MemorySegment.ofArray(new byte[] {9, 8, 7});
        Gather g = new Gather(4);
        assertThat(g.add(a, 1, 3)).isTrue();
        assertThat(g.add(b, 0, 2)).isTrue();
        assertThat(g.add(a, 0, 0)).isTrue();
        assertThat(g.count()).isEqualTo(3);
        assertThat(g.bytes()).isEqualTo(5);
        assertThat(g.toBytes(0, 3)).containsExactly(2, 3, 4, 9, 8);
        assertThat(g.toBytes(1, 2)).containsExactly(9, 8);
        assertThat(g.base(1)).isSameAs(b);
        g.grow(1, 1);
        assertThat(g.toBytes(0, 3)).containsExactly(2, 3, 4, 9, 8, 7);
        assertThat(g.bytes()).isEqualTo(6);
    }

    @Test
    void aFullListRefusesAndClearEmptiesIt() {
        MemorySegment a = MemorySegment.ofArray(new byte[8]);
        Gather g = new Gather(2);
        assertThat(g.add(a, 0, 1)).isTrue();
        assertThat(g.add(a, 1, 1)).isTrue();
        assertThat(g.add(a, 2, 1)).isFalse();
        assertThat(g.count()).isEqualTo(2);
        g.clear();
        assertThat(g.count()).isZero();
        assertThat(g.bytes()).isZero();
        assertThat(g.base(0)).isNull();
        assertThatThrownBy(() -> new Gather(0)).hasMessageContaining("capacity");
    }
}
