package dev.weft.plugins.portmap;

import dev.weft.cni.CniException;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Json;
import dev.weft.net.InterfaceAddress;
import dev.weft.nft.Family;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The port-mapping compiler: golden rule text for each key, and config refusals naming the field. */
class PortmapRulesTest {
    private static PortmapConfig config(String keys, String mappings) {
        var stdin = Json.parseObject("{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"type\": \"weft-portmap\""
                + (keys.isEmpty() ? "" : ", " + keys) + ", \"runtimeConfig\": {\"portMappings\": [" + mappings + "]}}", "t");
        return PortmapConfig.parse(stdin, RuntimeConfig.parse(stdin));
    }

    private static final String KEY = "weft:n:0123456789abcdef01234567";

    private static String text(InterfaceAddress a, PortmapConfig c) {
        return java.util.stream.Stream.concat(
                PortmapRules.dnatRules(a, c).stream().map(r -> "dnat: " + r),
                PortmapRules.masqRules(a, c).stream().map(r -> "masq: " + r)).collect(Collectors.joining("\n"));
    }

    private static final String MAPPINGS = """
            {"hostPort": 8080, "containerPort": 80},
            {"hostPort": 5353, "containerPort": 53, "protocol": "UDP", "hostIP": "192.0.2.1"},
            {"hostPort": 9000, "containerPort": 9000, "protocol": "sctp", "hostIP": "fd99::1"},
            {"hostPort": 8443, "containerPort": 443, "hostIP": "0.0.0.0"}""";

    @Test
    void ipv4RulesWithHostIpsOfBothFamiliesAndTheUnspecifiedOne() {
        assertThat(text(InterfaceAddress.parse("10.88.0.5/16"), config("", MAPPINGS))).isEqualTo("""
                dnat: tcp dport 8080 dnat to 10.88.0.5:80
                dnat: ip daddr 192.0.2.1 udp dport 5353 dnat to 10.88.0.5:53
                dnat: tcp dport 8443 dnat to 10.88.0.5:443
                masq: ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 tcp dport 80 ct status dnat ct original proto-dst 8080 masquerade
                masq: ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 udp dport 53 ct status dnat ct original proto-dst 5353 masquerade
                masq: ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 tcp dport 443 ct status dnat ct original proto-dst 8443 masquerade""");
    }

    @Test
    void ipv6RulesBracketTheTargetAndHaveNoLoopbackSource() {
        assertThat(text(InterfaceAddress.parse("fd00::5/64"), config("", MAPPINGS))).isEqualTo("""
                dnat: tcp dport 8080 dnat to [fd00::5]:80
                dnat: ip6 daddr fd99::1 sctp dport 9000 dnat to [fd00::5]:9000
                masq: ip6 saddr { fd00::/64 } ip6 daddr fd00::5 tcp dport 80 ct status dnat ct original proto-dst 8080 masquerade
                masq: ip6 saddr { fd00::/64 } ip6 daddr fd00::5 sctp dport 9000 ct status dnat ct original proto-dst 9000 masquerade""");
    }

    @Test
    void conditionsMasqAllAndSnatOff() {
        String one = "{\"hostPort\": 8080, \"containerPort\": 80}";
        assertThat(text(InterfaceAddress.parse("10.88.0.5/16"), config(
                "\"masqAll\": true, \"conditionsV4\": [\"ip\", \"daddr\", \"!=\", \"{ 127.0.0.0/8, 198.19.254.254 }\"]", one)))
                .isEqualTo("""
                        dnat: ip daddr != { 127.0.0.0/8, 198.19.254.254 } tcp dport 8080 dnat to 10.88.0.5:80
                        masq: ip daddr 10.88.0.5 tcp dport 80 ct status dnat ct original proto-dst 8080 masquerade""");
        assertThat(text(InterfaceAddress.parse("10.88.0.5/16"), config("\"snat\": false", one)))
                .isEqualTo("dnat: tcp dport 8080 dnat to 10.88.0.5:80");
    }

    @Test
    void addIsOneTransactionOfSkeletonChainsAndElements() {
        var a = new PortmapRules.Attachment(KEY, java.util.List.of(InterfaceAddress.parse("10.88.0.5/16")), config("", MAPPINGS));
        assertThat(a.dnatChain()).isEqualTo("dnat_" + PortmapRules.hash(KEY)).hasSize(29);
        assertThat(PortmapRules.add(a).render().replace(PortmapRules.hash(KEY), "H")).isEqualTo("""
                add table ip weft_portmap
                add map ip weft_portmap ports { type inet_proto . inet_service : verdict; }
                add map ip weft_portmap hostip_ports { type ipv4_addr . inet_proto . inet_service : verdict; }
                add map ip weft_portmap masq { type ipv4_addr : verdict; }
                add chain ip weft_portmap prerouting { type nat hook prerouting priority -100; policy accept; }
                add chain ip weft_portmap output { type nat hook output priority -100; policy accept; }
                add chain ip weft_portmap masquerading { type nat hook postrouting priority 100; policy accept; }
                flush chain ip weft_portmap prerouting
                add rule ip weft_portmap prerouting ip daddr . meta l4proto . th dport vmap @hostip_ports comment "weft:static"
                add rule ip weft_portmap prerouting fib daddr type local meta l4proto . th dport vmap @ports comment "weft:static"
                flush chain ip weft_portmap output
                add rule ip weft_portmap output ip daddr . meta l4proto . th dport vmap @hostip_ports comment "weft:static"
                add rule ip weft_portmap output fib daddr type local meta l4proto . th dport vmap @ports comment "weft:static"
                flush chain ip weft_portmap masquerading
                add rule ip weft_portmap masquerading ct status dnat ip daddr vmap @masq comment "weft:static"
                add chain ip weft_portmap dnat_H
                flush chain ip weft_portmap dnat_H
                add chain ip weft_portmap masq_H
                flush chain ip weft_portmap masq_H
                add rule ip weft_portmap dnat_H tcp dport 8080 dnat to 10.88.0.5:80 comment "weft:n:0123456789abcdef01234567"
                add rule ip weft_portmap dnat_H ip daddr 192.0.2.1 udp dport 5353 dnat to 10.88.0.5:53 comment "weft:n:0123456789abcdef01234567"
                add rule ip weft_portmap dnat_H tcp dport 8443 dnat to 10.88.0.5:443 comment "weft:n:0123456789abcdef01234567"
                add rule ip weft_portmap masq_H ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 tcp dport 80 ct status dnat ct original proto-dst 8080 masquerade comment "weft:n:0123456789abcdef01234567"
                add rule ip weft_portmap masq_H ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 udp dport 53 ct status dnat ct original proto-dst 5353 masquerade comment "weft:n:0123456789abcdef01234567"
                add rule ip weft_portmap masq_H ip saddr { 10.88.0.0/16, 127.0.0.0/8 } ip daddr 10.88.0.5 tcp dport 443 ct status dnat ct original proto-dst 8443 masquerade comment "weft:n:0123456789abcdef01234567"
                add element ip weft_portmap ports { tcp . 8080 : jump dnat_H, tcp . 8443 : jump dnat_H }
                add element ip weft_portmap hostip_ports { 192.0.2.1 . udp . 5353 : jump dnat_H }
                add element ip weft_portmap masq { 10.88.0.5 : jump masq_H }
                """);
    }

    @Test
    void delIsOneTransactionThatNeedsNothingToBeThere() {
        var a = new PortmapRules.Attachment(KEY, java.util.List.of(InterfaceAddress.parse("10.88.0.5/16"),
                InterfaceAddress.parse("fd00::5/64")), config("", MAPPINGS));
        assertThat(PortmapRules.remove(a).render().replace(PortmapRules.hash(KEY), "H")).isEqualTo("""
                add chain ip weft_portmap dnat_H
                add chain ip weft_portmap masq_H
                add element ip weft_portmap ports { tcp . 8080 : jump dnat_H, tcp . 8443 : jump dnat_H }
                delete element ip weft_portmap ports { tcp . 8080, tcp . 8443 }
                add element ip weft_portmap hostip_ports { 192.0.2.1 . udp . 5353 : jump dnat_H }
                delete element ip weft_portmap hostip_ports { 192.0.2.1 . udp . 5353 }
                add element ip weft_portmap masq { 10.88.0.5 : jump masq_H }
                delete element ip weft_portmap masq { 10.88.0.5 }
                flush chain ip weft_portmap dnat_H
                delete chain ip weft_portmap dnat_H
                flush chain ip weft_portmap masq_H
                delete chain ip weft_portmap masq_H
                add chain ip6 weft_portmap dnat_H
                add chain ip6 weft_portmap masq_H
                add element ip6 weft_portmap ports { tcp . 8080 : jump dnat_H }
                delete element ip6 weft_portmap ports { tcp . 8080 }
                add element ip6 weft_portmap hostip_ports { fd99::1 . sctp . 9000 : jump dnat_H }
                delete element ip6 weft_portmap hostip_ports { fd99::1 . sctp . 9000 }
                add element ip6 weft_portmap masq { fd00::5 : jump masq_H }
                delete element ip6 weft_portmap masq { fd00::5 }
                flush chain ip6 weft_portmap dnat_H
                delete chain ip6 weft_portmap dnat_H
                flush chain ip6 weft_portmap masq_H
                delete chain ip6 weft_portmap masq_H
                """);
    }

    @Test
    void snatOffHasNoMasqueradeElementAndTheSkeletonIsTheSameForIpv6() {
        var a = new PortmapRules.Attachment(KEY, java.util.List.of(InterfaceAddress.parse("fd00::5/64")),
                config("\"snat\": false", "{\"hostPort\": 8080, \"containerPort\": 80}"));
        String tx = PortmapRules.add(a).render();
        assertThat(tx).doesNotContain("add element ip6 weft_portmap masq").doesNotContain("masquerade")
                .contains("add chain ip6 weft_portmap masq_" + PortmapRules.hash(KEY) + "\n")
                .contains("add rule ip6 weft_portmap prerouting ip6 daddr . meta l4proto . th dport vmap @hostip_ports")
                .contains("add rule ip6 weft_portmap masquerading ct status dnat ip6 daddr vmap @masq")
                .contains("add map ip6 weft_portmap masq { type ipv6_addr : verdict; }");
        assertThat(PortmapRules.staticRules(Family.IP6)).containsExactly(
                "prerouting ip6 daddr . meta l4proto . th dport vmap @hostip_ports",
                "prerouting fib daddr type local meta l4proto . th dport vmap @ports",
                "output ip6 daddr . meta l4proto . th dport vmap @hostip_ports",
                "output fib daddr type local meta l4proto . th dport vmap @ports",
                "masquerading ct status dnat ip6 daddr vmap @masq");
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
