package dev.weft.plugins.firewall;

import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import dev.weft.net.IpAddress;
import dev.weft.nft.Family;
import dev.weft.nft.FakeNft;
import dev.weft.nft.TaggedTable;
import dev.weft.plugins.firewall.FirewallConfig.IngressPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The firewall compiler (golden rule text per policy) and its configuration. */
class FirewallRulesTest {
    @TempDir
    Path tmp;
    private static final List<IpAddress> POD = List.of(IpAddress.parse("10.66.0.2"), IpAddress.parse("fd66::2"));

    private static String text(IngressPolicy p) {
        return FirewallRules.rules(POD, p, "cni0").stream().map(r -> r.chain() + ": " + r.rule())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void openAcceptsRepliesInAndFlowsOut() {
        assertThat(text(IngressPolicy.OPEN)).isEqualTo("""
                pods: ip daddr 10.66.0.2 ct state established,related accept
                pods: ip saddr 10.66.0.2 accept
                pods: ip6 daddr fd66::2 ct state established,related accept
                pods: ip6 saddr fd66::2 accept""");
    }

    @Test
    void sameBridgeAndIsolatedAddDropsEvaluatedBeforeAnyAccept() {
        assertThat(text(IngressPolicy.SAME_BRIDGE)).contains("""
                isolation: oifname "cni0" ip daddr 10.66.0.2 iifname != "cni0" meta iifkind "bridge" ct state new drop""");
        assertThat(text(IngressPolicy.ISOLATED)).contains("""
                isolation: oifname "cni0" ip6 daddr fd66::2 iifname != "cni0" ct state new ct status & dnat == 0 drop""");
        var t = new TaggedTable(new FakeNft(), tmp.resolve("l"), Family.INET, FirewallRules.TABLE, FirewallRules.skeleton());
        assertThat(t.skeletonTransaction().render()).isEqualTo("""
                add table inet weft_firewall
                add chain inet weft_firewall forward { type filter hook forward priority 0; policy accept; }
                add chain inet weft_firewall isolation
                add chain inet weft_firewall pods
                add rule inet weft_firewall forward jump isolation comment "weft:static"
                add rule inet weft_firewall forward jump pods comment "weft:static"
                """);
    }

    @Test
    void configuration() {
        assertThat(FirewallConfig.parse(Json.parseObject("{\"backend\": \"iptables\"}", "t")).ingressPolicy())
                .isEqualTo(IngressPolicy.OPEN);
        assertThat(FirewallConfig.parse(Json.parseObject("{\"ingressPolicy\": \"same-bridge\"}", "t")).ingressPolicy())
                .isEqualTo(IngressPolicy.SAME_BRIDGE);
        assertThat(FirewallConfig.parse(Json.parseObject("{\"ingressPolicy\": \"\"}", "t")).ingressPolicy())
                .isEqualTo(IngressPolicy.OPEN);
        for (String[] bad : new String[][] {{"{\"ingressPolicy\": \"closed\"}", "ingressPolicy"},
                {"{\"backend\": \"firewalld\"}", "backend"}, {"{\"backend\": 3}", "backend"},
                {"{\"hostForwardChains\": [\"filter FORWARD\"]}", "hostForwardChains"},
                {"{\"hostForwardChains\": [\"bridge filter forward\"]}", "hostForwardChains"},
                {"{\"hostForwardChains\": [\"inet filter for;ward\"]}", "hostForwardChains"},
                {"{\"hostForwardChains\": \"inet filter forward\"}", "hostForwardChains"}}) {
            assertThatThrownBy(() -> FirewallConfig.parse(Json.parseObject(bad[0], "t")))
                    .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.msg()).contains("\"" + bad[1] + "\""));
        }
    }

    @Test
    void hostForwardChainsDefaultToIptablesAndTakeAPureNftChain() {
        assertThat(FirewallConfig.parse(Json.parseObject("{}", "t")).hostForwardChains()).hasToString("[ip filter FORWARD, ip6 filter FORWARD]");
        assertThat(FirewallConfig.parse(Json.parseObject("{\"hostForwardChains\": [\"inet filter forward\"]}", "t"))
                .hostForwardChains()).hasToString("[inet filter forward]");
        assertThat(FirewallConfig.parse(Json.parseObject("{\"hostForwardChains\": []}", "t")).hostForwardChains()).isEmpty();
    }

    @Test
    void hostChainRulesAreWhatIptablesNftReadsBack() {
        var pod = java.util.List.of(dev.weft.net.IpAddress.parse("10.88.0.5"), dev.weft.net.IpAddress.parse("fd00::5"));
        assertThat(HostForward.rules(HostChain.parse("ip filter FORWARD"), pod))
                .containsExactly("ip saddr 10.88.0.5 counter accept", "ip daddr 10.88.0.5 counter accept");
        assertThat(HostForward.rules(HostChain.parse("ip6 filter FORWARD"), pod))
                .containsExactly("ip6 saddr fd00::5 counter accept", "ip6 daddr fd00::5 counter accept");
        assertThat(HostForward.rules(HostChain.parse("inet filter forward"), pod)).hasSize(4)
                .noneMatch(r -> r.contains("ct "));
    }
}
