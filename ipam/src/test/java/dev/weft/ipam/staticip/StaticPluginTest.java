package dev.weft.ipam.staticip;

import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StaticPluginTest {
    private final PluginHarness plugin = new PluginHarness(new StaticPlugin());

    private static String conf(String ipam) {
        return """
                {"cniVersion": "1.0.0", "name": "s", "type": "macvlan", "ipam": {"type": "weft-static", %s}}
                """.formatted(ipam);
    }

    private static final String FULL = conf("""
            "addresses": [{"address": "10.10.0.1/24", "gateway": "10.10.0.254"},
                          {"address": "2001:db8::1/64", "gateway": "2001:db8::ffff"}],
            "routes": [{"dst": "0.0.0.0/0"}, {"dst": "::/0"}],
            "dns": {"nameservers": ["10.10.0.53"], "domain": "example.org", "search": ["example.org"]}
            """);

    @Test
    void returnsConfiguredAddressesRoutesAndDnsInTheConfigVersion() {
        Outcome o = plugin.run("ADD", "c1", FULL);
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out().path("cniVersion").asString()).isEqualTo("1.0.0");
        assertThat(o.out().path("ips").path(0).path("address").asString()).isEqualTo("10.10.0.1/24");
        assertThat(o.out().path("ips").path(0).path("gateway").asString()).isEqualTo("10.10.0.254");
        assertThat(o.out().path("ips").path(1).path("address").asString()).isEqualTo("2001:db8::1/64");
        assertThat(o.out().path("routes").size()).isEqualTo(2);
        assertThat(o.out().path("dns").path("domain").asString()).isEqualTo("example.org");
    }

    @Test
    void callerAddressesReplaceConfiguredOnes() {
        Outcome args = plugin.run("ADD", "c1", "eth0", FULL,
                Map.of("CNI_ARGS", "IP=192.0.2.7/24,2001:db8:1::7/64;GATEWAY=192.0.2.1"));
        assertThat(args.out().path("ips").size()).isEqualTo(2);
        assertThat(args.out().path("ips").path(0).path("address").asString()).isEqualTo("192.0.2.7/24");
        assertThat(args.out().path("ips").path(0).path("gateway").asString()).isEqualTo("192.0.2.1");
        assertThat(args.out().path("ips").path(1).has("gateway")).isFalse();

        Outcome rc = plugin.run("ADD", "c1", FULL.replace("\"type\": \"macvlan\",",
                "\"type\": \"macvlan\", \"runtimeConfig\": {\"ips\": [\"198.51.100.9/25\"]},"));
        assertThat(rc.out().path("ips").size()).isEqualTo(1);
        assertThat(rc.out().path("ips").path(0).path("address").asString()).isEqualTo("198.51.100.9/25");
    }

    @Test
    void errorsNameTheField() {
        Outcome none = plugin.run("ADD", "c1", conf("\"routes\": []"));
        assertThat(none.errorCode()).isEqualTo(7);
        assertThat(none.msg()).contains("ipam.addresses");
        Outcome noPrefix = plugin.run("ADD", "c1", conf("\"addresses\": [{\"address\": \"10.0.0.1\"}]"));
        assertThat(noPrefix.msg()).contains("ipam.addresses[0].address").contains("no prefix length");
        Outcome family = plugin.run("ADD", "c1",
                conf("\"addresses\": [{\"address\": \"10.0.0.1/24\", \"gateway\": \"2001:db8::1\"}]"));
        assertThat(family.msg()).contains("ipam.addresses[0].gateway");
        Outcome badArg = plugin.run("ADD", "c1", "eth0", FULL, Map.of("CNI_ARGS", "IP=10.0.0.999/24"));
        assertThat(badArg.errorCode()).isEqualTo(4);
        assertThat(badArg.msg()).contains("CNI_ARGS IP");
    }

    /** {@code 10.10.0.1/024} used to be configured as a /24 (issue #13, item 2). */
    @Test
    void aPrefixLengthWithALeadingZeroIsRefused() {
        Outcome o = plugin.run("ADD", "c1", conf("\"addresses\": [{\"address\": \"10.10.0.1/024\"}]"));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(o.msg()).contains("ipam.addresses[0].address").contains("10.10.0.1/024");
        Outcome arg = plugin.run("ADD", "c1", "eth0", FULL, Map.of("CNI_ARGS", "IP=192.0.2.7/024"));
        assertThat(arg.errorCode()).isEqualTo(4);
    }

    @Test
    void delAndCheck() {
        assertThat(plugin.run("DEL", "c1", FULL).exit()).isZero();
        Outcome add = plugin.run("ADD", "c1", FULL);
        String withPrev = FULL.replace("\"type\": \"macvlan\",", "\"type\": \"macvlan\", \"prevResult\": " + add.out() + ",");
        assertThat(plugin.run("CHECK", "c1", withPrev).exit()).isZero();
        String prevMissing = conf("\"addresses\": [{\"address\": \"10.10.0.9/24\"}]")
                .replace("\"type\": \"macvlan\",", "\"type\": \"macvlan\", \"prevResult\": " + add.out() + ",");
        Outcome bad = plugin.run("CHECK", "c1", prevMissing);
        assertThat(bad.errorCode()).isEqualTo(3);
        assertThat(bad.msg()).contains("10.10.0.9/24");
    }
}
