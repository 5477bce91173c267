package dev.weft.plugins.portmap;

import dev.weft.cni.CniException;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Json;
import dev.weft.net.InterfaceAddress;
import dev.weft.nft.Family;
import dev.weft.nft.FakeNft;
import dev.weft.nft.TaggedTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The port-mapping compiler: golden rule text for each key, and config refusals naming the field. */
class PortmapRulesTest {
    @TempDir
    Path tmp;

    private static PortmapConfig config(String keys, String mappings) {
        var stdin = Json.parseObject("{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"type\": \"weft-portmap\""
                + (keys.isEmpty() ? "" : ", " + keys) + ", \"runtimeConfig\": {\"portMappings\": [" + mappings + "]}}", "t");
        return PortmapConfig.parse(stdin, RuntimeConfig.parse(stdin));
    }

    private static String text(InterfaceAddress a, PortmapConfig c) {
        return PortmapRules.rules(a, c).stream().map(p -> p.chain() + ": " + p.rule()).collect(Collectors.joining("\n"));
    }

    private static final String MAPPINGS = """
            {"hostPort": 8080, "containerPort": 80},
            {"hostPort": 5353, "containerPort": 53, "protocol": "UDP", "hostIP": "192.0.2.1"},
            {"hostPort": 9000, "containerPort": 9000, "protocol": "sctp", "hostIP": "fd99::1"},
            {"hostPort": 8443, "containerPort": 443, "hostIP": "0.0.0.0"}""";

    @Test
    void ipv4RulesWithHostIpsOfBothFamiliesAndTheUnspecifiedOne() {
        assertThat(text(InterfaceAddress.parse("10.88.0.5/16"), config("", MAPPINGS))).isEqualTo("""
                hostports: tcp dport 8080 dnat to 10.88.0.5:80
                hostip_hostports: ip daddr 192.0.2.1 udp dport 5353 dnat to 10.88.0.5:53
                hostports: tcp dport 8443 dnat to 10.88.0.5:443
                masquerading: ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 tcp dport 80 ct status dnat ct original proto-dst 8080 masquerade
                masquerading: ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 udp dport 53 ct status dnat ct original proto-dst 5353 masquerade
                masquerading: ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 tcp dport 443 ct status dnat ct original proto-dst 8443 masquerade""");
    }

    @Test
    void ipv6RulesBracketTheTargetAndHaveNoLoopbackSource() {
        assertThat(text(InterfaceAddress.parse("fd00::5/64"), config("", MAPPINGS))).isEqualTo("""
                hostports: tcp dport 8080 dnat to [fd00::5]:80
                hostip_hostports: ip6 daddr fd99::1 sctp dport 9000 dnat to [fd00::5]:9000
                masquerading: ip6 saddr { fd00::/64 } ip6 daddr fd00::5 tcp dport 80 ct status dnat ct original proto-dst 8080 masquerade
                masquerading: ip6 saddr { fd00::/64 } ip6 daddr fd00::5 sctp dport 9000 ct status dnat ct original proto-dst 9000 masquerade""");
    }

    @Test
    void conditionsMasqAllAndSnatOff() {
        String one = "{\"hostPort\": 8080, \"containerPort\": 80}";
        assertThat(text(InterfaceAddress.parse("10.88.0.5/16"), config(
                "\"masqAll\": true, \"conditionsV4\": [\"ip\", \"daddr\", \"!=\", \"{ 127.0.0.0/8, 198.19.254.254 }\"]", one)))
                .isEqualTo("""
                        hostports: ip daddr != { 127.0.0.0/8, 198.19.254.254 } tcp dport 8080 dnat to 10.88.0.5:80
                        masquerading: ip daddr 10.88.0.5 tcp dport 80 ct status dnat ct original proto-dst 8080 masquerade""");
        assertThat(text(InterfaceAddress.parse("10.88.0.5/16"), config("\"snat\": false", one)))
                .isEqualTo("hostports: tcp dport 8080 dnat to 10.88.0.5:80");
    }

    @Test
    void theSkeletonIsTheSameForBothFamilies() {
        var t = new TaggedTable(new FakeNft(), tmp.resolve("l"), Family.IP6, PortmapRules.TABLE, PortmapRules.skeleton());
        assertThat(t.skeletonTransaction().render()).isEqualTo("""
                add table ip6 weft_portmap
                add chain ip6 weft_portmap prerouting { type nat hook prerouting priority -100; policy accept; }
                add chain ip6 weft_portmap output { type nat hook output priority -100; policy accept; }
                add chain ip6 weft_portmap masquerading { type nat hook postrouting priority 100; policy accept; }
                add chain ip6 weft_portmap hostports
                add chain ip6 weft_portmap hostip_hostports
                add rule ip6 weft_portmap prerouting jump hostip_hostports comment "weft:static"
                add rule ip6 weft_portmap prerouting fib daddr type local jump hostports comment "weft:static"
                add rule ip6 weft_portmap output jump hostip_hostports comment "weft:static"
                add rule ip6 weft_portmap output fib daddr type local jump hostports comment "weft:static"
                """);
    }

    @Test
    void badConfigurationNamesTheField() {
        String one = "{\"hostPort\": 8080, \"containerPort\": 80}";
        String[][] cases = {
                {"\"conditionsV4\": [\"-d\", \"10.0.0.0/8\"]", "conditionsV4", "iptables"},
                {"\"conditionsV6\": [\"ip6 saddr ::1; flush ruleset\"]", "conditionsV6", "';'"},
                {"\"conditionsV4\": [\"ip\", \"saddr\", \"1.2.3.4\", \"drop\"]", "conditionsV4", "\"drop\""},
                {"\"conditionsV4\": [\"meta mark 1 jump x\"]", "conditionsV4", "\"jump\""},
                {"\"conditionsV4\": [\"ip saddr 1.2.3.4\\n\"]", "conditionsV4", "newline"},
                {"\"conditionsV4\": \"ip saddr 1.2.3.4\"", "conditionsV4", "array"},
                {"\"snat\": \"maybe\"", "snat", "boolean"},
                {"\"markMasqBit\": 32", "markMasqBit", "0 and 31"},
                {"\"markMasqBit\": 3, \"externalSetMarkChain\": \"X\"", "externalSetMarkChain", "markMasqBit"},
                {"\"backend\": \"ebpf\"", "backend", "nftables"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> config(c[0], one)).as(c[0]).isInstanceOfSatisfying(CniException.class, e -> {
                assertThat(e.code()).isEqualTo(7);
                assertThat(e.msg()).contains("\"" + c[1] + "\"").contains(c[2]);
            });
        }
        assertThatThrownBy(() -> config("", "{\"hostPort\": 0, \"containerPort\": 80}")).isInstanceOfSatisfying(
                CniException.class, e -> assertThat(e.msg()).contains("runtimeConfig.portMappings[0]").contains("hostPort 0"));
    }
}
