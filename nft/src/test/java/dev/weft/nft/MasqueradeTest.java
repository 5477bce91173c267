package dev.weft.nft;

import dev.weft.testkit.RequiresRoot;
import dev.weft.net.InterfaceAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MasqueradeTest {
    @TempDir
    Path tmp;
    private String netns;

    @AfterEach
    void removeNetns() throws Exception {
        if (netns != null) {
            new ProcessBuilder("ip", "netns", "del", netns).start().waitFor();
        }
    }

    @Test
    void goldenRules() {
        assertThat(Masquerade.rule(InterfaceAddress.parse("10.1.0.5/16"), InterfaceAddress.parse("10.1.0.5/16").network()))
                .isEqualTo("ip saddr 10.1.0.5 ip daddr != 10.1.0.0/16 ip daddr != 224.0.0.0/4 masquerade");
        assertThat(Masquerade.rule(InterfaceAddress.parse("fd00::5/64"), InterfaceAddress.parse("fd00::5/64").network()))
                .isEqualTo("ip6 saddr fd00::5 ip6 daddr != fd00::/64 ip6 daddr != ff00::/8 masquerade");
        assertThat(Masquerade.key("net", "ctr", "eth0")).startsWith("weft:net:").hasSize(33)
                .isNotEqualTo(Masquerade.key("net", "ctr", "eth1"));
        assertThat(Masquerade.key("n".repeat(200), "c".repeat(64), "eth0").length()).isLessThanOrEqualTo(128);
    }

    @Test
    void ensureWritesTableChainAndTaggedRules() {
        FakeNft nft = new FakeNft();
        new Masquerade(nft, tmp.resolve("lock")).ensure("weft:abc", List.of(InterfaceAddress.parse("10.1.0.5/24")));
        assertThat(nft.script()).isEqualTo("""
                add table inet weft_masq
                add chain inet weft_masq postrouting { type nat hook postrouting priority srcnat; policy accept; }
                add rule inet weft_masq postrouting ip saddr 10.1.0.5 ip daddr != 10.1.0.0/24 ip daddr != 224.0.0.0/4 masquerade comment "weft:abc"
                """);
    }

    @Test
    void removeDeletesRulesByHandleAndTheTableWithTheLastOne() {
        FakeNft nft = new FakeNft();
        nft.setListing("chain inet weft_masq postrouting", JsonMapper.builder().build().readTree("""
                {"nftables": [{"metainfo": {}}, {"chain": {"name": "postrouting"}},
                  {"rule": {"handle": 4, "comment": "weft:n1:a"}}, {"rule": {"handle": 5, "comment": "weft:n1:b"}},
                  {"rule": {"handle": 6, "comment": "weft:n2:c"}}]}
                """));
        Masquerade m = new Masquerade(nft, tmp.resolve("lock"));
        m.remove("weft:n1:a");
        m.retainOnly("n1", Set.of("weft:n1:a"));
        assertThat(nft.script()).isEqualTo("""
                delete rule inet weft_masq postrouting handle 4
                delete rule inet weft_masq postrouting handle 5
                """);
        FakeNft last = new FakeNft();
        last.setListing("chain inet weft_masq postrouting", JsonMapper.builder().build().readTree("""
                {"nftables": [{"rule": {"handle": 6, "comment": "weft:n2:c"}}]}
                """));
        new Masquerade(last, tmp.resolve("lock")).retainOnly("n2", Set.of());
        assertThat(last.script()).isEqualTo("delete table inet weft_masq\n");
    }

    @Test
    @RequiresRoot
    void realNftInAThrowawayNamespace() throws IOException, InterruptedException {
        netns = "wt-nft-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(new ProcessBuilder("ip", "netns", "add", netns).start().waitFor()).isZero();
        Nft nft = new NftCli(Optional.of(Path.of("/run/netns", netns)));
        Masquerade m = new Masquerade(nft, tmp.resolve("lock"));

        m.ensure("weft:one", List.of(InterfaceAddress.parse("10.1.0.5/24"), InterfaceAddress.parse("fd00::5/64")));
        m.ensure("weft:one", List.of(InterfaceAddress.parse("10.1.0.5/24"), InterfaceAddress.parse("fd00::5/64")));
        m.ensure("weft:two", List.of(InterfaceAddress.parse("10.1.0.6/24")));
        String ruleset = nft.listJson("table inet weft_masq").orElseThrow().toString();
        assertThat(ruleset.split("\"comment\":\"weft:one\"", -1)).hasSize(3);
        assertThat(ruleset).contains("weft:two").contains("masquerade");

        m.remove("weft:one");
        assertThat(m.has("weft:one")).isFalse();
        assertThat(m.has("weft:two")).isTrue();
        m.remove("weft:two");
        assertThat(nft.listJson("table inet weft_masq")).isEmpty();
        m.remove("weft:two"); // idempotent on a missing table
    }
}
