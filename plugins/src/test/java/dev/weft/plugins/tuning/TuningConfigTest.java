package dev.weft.plugins.tuning;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniException;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Json;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** weft-tuning's configuration: sysctl keys resolved and confined, sources of each key, saved values. */
class TuningConfigTest {
    private static TuningConfig parse(String members, String cniArgs, String ifName) {
        var stdin = Json.parseObject("{\"cniVersion\": \"1.0.0\", \"name\": \"n\"" + (members.isEmpty() ? "" : ", " + members)
                + "}", "t");
        return TuningConfig.parse(stdin, RuntimeConfig.parse(stdin), CniArgs.parse(cniArgs), ifName);
    }

    @Test
    void keysResolveUnderProcSysNetWithIfnameSubstitutedAfterTheDots() {
        TuningConfig c = parse("\"sysctl\": {\"net.ipv4.conf.IFNAME.rp_filter\": \"2\", "
                + "\"net/ipv6/conf/IFNAME/accept_ra\": \"0\", \"net.core.somaxconn\": \"512\"}", "", "eth0.100");
        assertThat(c.sysctl().values()).extracting(TuningConfig.Sysctl::path).containsExactly(
                "net/ipv4/conf/eth0.100/rp_filter", "net/ipv6/conf/eth0.100/accept_ra", "net/core/somaxconn");
        assertThat(c.touchesLink()).isFalse();
        assertThat(c.dataDir()).isEqualTo(Path.of("/run/weft/tuning"));
    }

    @Test
    void keysOutsideNetAreRefused() {
        for (String key : new String[] {"kernel.hostname", "net/../kernel/hostname", "net.ipv4/../../kernel/x", "vm.swappiness",
                "net", "net/ipv4//x", "net/./ipv4/ip_forward", "netfilter.x"}) {
            assertThatThrownBy(() -> parse("\"sysctl\": {\"" + key + "\": \"1\"}", "", "eth0")).as(key)
                    .isInstanceOfSatisfying(CniException.class, e -> {
                        assertThat(e.code()).isEqualTo(7);
                        assertThat(e.msg()).contains("sysctl." + key).contains("under net.*");
                    });
        }
        assertThatThrownBy(() -> parse("\"sysctl\": {\"net.core.somaxconn\": 512}", "", "eth0"))
                .hasMessageContaining("must be a string");
        assertThatThrownBy(() -> parse("\"dataDir\": \"relative/dir\"", "", "eth0")).hasMessageContaining("dataDir");
    }

    @Test
    void eachLaterSourceWinsAsInTheReference() {
        String conf = "\"mac\": \"02:00:00:00:00:01\", \"mtu\": 1400, \"promisc\": true";
        assertThat(parse(conf, "", "eth0").mac()).contains(MacAddress.parse("02:00:00:00:00:01"));
        assertThat(parse(conf, "MAC=02:00:00:00:00:02", "eth0").mac()).contains(MacAddress.parse("02:00:00:00:00:02"));
        assertThat(parse(conf + ", \"runtimeConfig\": {\"mac\": \"02:00:00:00:00:03\"}", "MAC=02:00:00:00:00:02", "eth0").mac())
                .contains(MacAddress.parse("02:00:00:00:00:03"));
        TuningConfig args = parse(conf + ", \"runtimeConfig\": {\"mac\": \"02:00:00:00:00:03\"}, \"args\": {\"cni\": "
                + "{\"mac\": \"02:00:00:00:00:04\", \"mtu\": 1300, \"promisc\": false, \"allmulti\": true, \"txQLen\": 10, "
                + "\"sysctl\": {\"net.core.somaxconn\": \"9\"}}}", "", "eth0");
        assertThat(args.mac()).contains(MacAddress.parse("02:00:00:00:00:04"));
        assertThat(args.mtu()).isEqualTo(1300);
        assertThat(args.promisc()).isFalse();
        assertThat(args.allmulti()).contains(true);
        assertThat(args.txQLen()).contains(10);
        assertThat(args.sysctl().get("net.core.somaxconn").value()).isEqualTo("9");
        assertThatThrownBy(() -> parse("", "MAC=nonsense", "eth0")).isInstanceOfSatisfying(CniException.class,
                e -> assertThat(e.code()).isEqualTo(4));
        assertThatThrownBy(() -> parse("\"mtu\": 67", "", "eth0")).hasMessageContaining("\"mtu\"");
        assertThatThrownBy(() -> parse("\"txQLen\": -1", "", "eth0")).hasMessageContaining("\"txQLen\"");
    }

    @Test
    void savedValuesRoundTripAndTheFirstAddsOriginalsWin() {
        Saved first = new Saved(Map.of("net/core/somaxconn", "4096"), Optional.of(MacAddress.parse("02:00:00:00:00:aa")),
                1500, Optional.of(false), Optional.empty(), Optional.of(1000));
        assertThat(Saved.decode(first.encode())).isEqualTo(first);
        Saved second = new Saved(Map.of("net/core/somaxconn", "777", "net/ipv4/conf/eth0/rp_filter", "1"),
                Optional.of(MacAddress.parse("02:00:00:00:00:bb")), 1400, Optional.of(true), Optional.of(true), Optional.empty());
        Saved merged = second.under(first);
        assertThat(merged.sysctl()).containsEntry("net/core/somaxconn", "4096").containsEntry("net/ipv4/conf/eth0/rp_filter", "1");
        assertThat(merged.mac()).contains(MacAddress.parse("02:00:00:00:00:aa"));
        assertThat(merged.mtu()).isEqualTo(1500);
        assertThat(merged.promisc()).contains(false);
        assertThat(merged.allmulti()).contains(true);
        assertThat(merged.txQLen()).contains(1000);
    }
}
