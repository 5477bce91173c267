package dev.weft.nft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTest {
    @Test
    void rendersOneScriptInOrder() {
        Transaction tx = new Transaction()
                .addTable(Family.INET, "weft_t")
                .addChain(Family.INET, "weft_t", "post", "type nat hook postrouting priority srcnat;")
                .addSet(Family.INET, "weft_t", "pods", "type ipv4_addr;")
                .addElements(Family.INET, "weft_t", "pods", List.of("10.0.0.1", "10.0.0.2"))
                .addRule(Family.INET, "weft_t", "post", "ip saddr @pods masquerade", "weft:k1")
                .deleteRule(Family.INET, "weft_t", "post", 7)
                .flushChain(Family.INET, "weft_t", "post")
                .deleteTable(Family.INET, "weft_t");
        assertThat(tx.render()).isEqualTo("""
                add table inet weft_t
                add chain inet weft_t post { type nat hook postrouting priority srcnat; }
                add set inet weft_t pods { type ipv4_addr; }
                add element inet weft_t pods { 10.0.0.1, 10.0.0.2 }
                add rule inet weft_t post ip saddr @pods masquerade comment "weft:k1"
                delete rule inet weft_t post handle 7
                flush chain inet weft_t post
                delete table inet weft_t
                """);
    }

    @Test
    void emptyElementListsAddNothing() {
        assertThat(new Transaction().addElements(Family.IP, "t", "s", List.of()).isEmpty()).isTrue();
    }

    @Test
    void rejectsNamesAndCommentsThatWouldBreakTheScript() {
        assertThatThrownBy(() -> new Transaction().addTable(Family.INET, "bad name"))
                .hasMessageContaining("bad name");
        assertThatThrownBy(() -> new Transaction().addRule(Family.INET, "t", "c", "accept", "a\"b"))
                .hasMessageContaining("comment");
    }
}
