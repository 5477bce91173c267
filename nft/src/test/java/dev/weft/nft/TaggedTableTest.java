package dev.weft.nft;

import dev.weft.nft.TaggedTable.Chain;
import dev.weft.nft.TaggedTable.Placed;
import dev.weft.nft.TaggedTable.Skeleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TaggedTable against FakeNft: the transactions it writes for each state of the table (golden). */
class TaggedTableTest {
    @TempDir
    Path tmp;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LISTING = "table ip t";
    private static final Skeleton SKELETON = new Skeleton(List.of(
            new Chain("pre", "type nat hook prerouting priority -100; policy accept;"), Chain.regular("ports")),
            List.of(new Placed("pre", "fib daddr type local jump ports")));

    private TaggedTable table(FakeNft nft) {
        return new TaggedTable(nft, tmp.resolve("lock"), Family.IP, "t", SKELETON);
    }

    private static void list(FakeNft nft, String rules) {
        nft.setListing(LISTING, JSON.readTree("""
                {"nftables": [{"metainfo": {}}, {"table": {"name": "t"}}, {"chain": {"name": "pre"}}, {"chain": {"name": "ports"}}%s]}
                """.formatted(rules)));
    }

    private static String rule(String chain, int handle, String comment) {
        return ", {\"rule\": {\"chain\": \"" + chain + "\", \"handle\": " + handle + ", \"comment\": \"" + comment + "\"}}";
    }

    @Test
    void theFirstGroupCreatesTheSkeletonInTheSameTransaction() {
        FakeNft nft = new FakeNft();
        table(nft).ensure("weft:n:a", List.of(new Placed("ports", "tcp dport 80 dnat to 10.0.0.2:8080")));
        assertThat(nft.script()).isEqualTo("""
                add table ip t
                add chain ip t pre { type nat hook prerouting priority -100; policy accept; }
                add chain ip t ports
                add rule ip t pre fib daddr type local jump ports comment "weft:static"
                add rule ip t ports tcp dport 80 dnat to 10.0.0.2:8080 comment "weft:n:a"
                """);
    }

    @Test
    void aGroupAlreadyInPlaceChangesNothingAndADifferentOneIsReplaced() {
        FakeNft nft = new FakeNft();
        list(nft, rule("pre", 2, "weft:static") + rule("ports", 5, "weft:n:a"));
        TaggedTable t = table(nft);
        t.ensure("weft:n:a", List.of(new Placed("ports", "tcp dport 80 dnat to 10.0.0.2:8080")));
        assertThat(nft.script()).isEmpty();
        t.ensure("weft:n:a", List.of(new Placed("ports", "tcp dport 80 dnat to 10.0.0.2:8080"),
                new Placed("ports", "udp dport 53 dnat to 10.0.0.2:53")));
        assertThat(nft.script()).isEqualTo("""
                delete rule ip t ports handle 5
                add rule ip t ports tcp dport 80 dnat to 10.0.0.2:8080 comment "weft:n:a"
                add rule ip t ports udp dport 53 dnat to 10.0.0.2:53 comment "weft:n:a"
                """);
        assertThat(t.count("weft:n:a")).isEqualTo(Map.of("ports", 1));
    }

    @Test
    void aDamagedStaticChainIsFlushedAndRebuiltWithoutTouchingOtherGroups() {
        FakeNft nft = new FakeNft();
        list(nft, rule("pre", 2, "someone else's") + rule("ports", 5, "weft:n:b"));
        table(nft).ensure("weft:n:a", List.of(new Placed("ports", "tcp dport 81 dnat to 10.0.0.3:80")));
        assertThat(nft.script()).isEqualTo("""
                add table ip t
                add chain ip t pre { type nat hook prerouting priority -100; policy accept; }
                add chain ip t ports
                flush chain ip t pre
                add rule ip t pre fib daddr type local jump ports comment "weft:static"
                add rule ip t ports tcp dport 81 dnat to 10.0.0.3:80 comment "weft:n:a"
                """);
    }

    @Test
    void removeDeletesByHandleAndTheTableWithTheLastGroup() {
        FakeNft nft = new FakeNft();
        list(nft, rule("pre", 2, "weft:static") + rule("ports", 5, "weft:n:a") + rule("ports", 6, "weft:n:b")
                + rule("ports", 7, "weft:m:c"));
        TaggedTable t = table(nft);
        t.remove("weft:n:a");
        t.remove("weft:n:nothing");
        t.retainOnly("weft:n:", Set.of("weft:n:a"));
        assertThat(nft.script()).isEqualTo("""
                delete rule ip t ports handle 5
                delete rule ip t ports handle 6
                """);
        FakeNft last = new FakeNft();
        list(last, rule("pre", 2, "weft:static") + rule("ports", 7, "weft:m:c"));
        table(last).remove("weft:m:c");
        assertThat(last.script()).isEqualTo("delete table ip t\n");
    }

    @Test
    void taggedRulesNeverGoIntoAStaticChain() {
        assertThatThrownBy(() -> table(new FakeNft()).ensure("weft:n:a", List.of(new Placed("pre", "accept"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("static");
        assertThatThrownBy(() -> new Skeleton(List.of(Chain.regular("a")), List.of(new Placed("b", "accept"))))
                .hasMessageContaining("unknown chain b");
    }
}
