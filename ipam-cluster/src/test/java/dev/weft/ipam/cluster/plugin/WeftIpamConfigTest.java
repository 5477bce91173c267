package dev.weft.ipam.cluster.plugin;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniException;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Json;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeftIpamConfigTest {
    private static WeftIpamConfig parse(String ipam) {
        ObjectNode n = (ObjectNode) Json.mapper().readTree("{\"name\": \"net\", \"ipam\": {\"type\": \"weft-ipam\"" + ipam + "}}");
        return WeftIpamConfig.parse(n, RuntimeConfig.EMPTY, CniArgs.EMPTY);
    }

    @Test
    void defaults() {
        WeftIpamConfig c = parse(", \"pool\": \"p\"");
        assertThat(c.pools()).containsExactly("p");
        assertThat(c.datastore()).isEqualTo("/var/lib/weft/store.json");
        assertThat(c.node()).isEmpty();
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/cni/weft-ipam"));
        assertThat(c.routes()).isEmpty();
        assertThat(c.network()).isEqualTo("net");
    }

    @Test
    void everyKey() {
        WeftIpamConfig c = parse(", \"pools\": [\"v4\", \"v6\"], \"datastore\": \"etcd://10.0.0.1:2379,10.0.0.2:2379\","
                + " \"node\": \"n1\", \"dataDir\": \"/tmp/x\", \"routes\": [{\"dst\": \"0.0.0.0/0\"}],"
                + " \"x-unknown\": true");
        assertThat(c.pools()).containsExactly("v4", "v6");
        assertThat(c.datastore()).isEqualTo("etcd://10.0.0.1:2379,10.0.0.2:2379");
        assertThat(c.node()).contains("n1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.routes()).hasSize(1);
    }

    @Test
    void aFileDatastoreIsNormalised() {
        assertThat(parse(", \"pool\": \"p\", \"datastore\": \"file:///var/lib/weft/../weft/store.json\"").datastore())
                .isEqualTo("/var/lib/weft/store.json");
    }

    @Test
    void requestedAddressesFromArgs() {
        ObjectNode n = (ObjectNode) Json.mapper().readTree("{\"name\": \"net\", \"args\": {\"cni\": {\"ips\": [\"10.0.0.5/24\"]}},"
                + " \"ipam\": {\"type\": \"weft-ipam\", \"pool\": \"p\"}}");
        WeftIpamConfig c = WeftIpamConfig.parse(n, RuntimeConfig.EMPTY, CniArgs.parse("IP=10.0.0.6"));
        assertThat(c.requested()).containsExactly(IpAddress.parse("10.0.0.5"), IpAddress.parse("10.0.0.6"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no pool                |                                         | ipam.pool",
            "pool and pools         | , \"pool\": \"a\", \"pools\": [\"b\"]     | ipam.pools",
            "empty pools            | , \"pools\": []                          | ipam.pools",
            "bad pool name          | , \"pool\": \"Big Pool\"                  | ipam.pool",
            "bad name in pools      | , \"pools\": [\"a\", \"-b\"]              | ipam.pools[1]",
            "a pool twice           | , \"pools\": [\"a\", \"a\"]               | ipam.pools[1]",
            "pool not a string      | , \"pool\": 7                            | ipam.pool",
            "relative datastore     | , \"pool\": \"a\", \"datastore\": \"store.json\" | ipam.datastore",
            "etcd without port      | , \"pool\": \"a\", \"datastore\": \"etcd://host\" | ipam.datastore",
            "bad node               | , \"pool\": \"a\", \"node\": \"n 1\"        | ipam.node",
            "relative dataDir       | , \"pool\": \"a\", \"dataDir\": \"rel\"     | ipam.dataDir",
            "bad route              | , \"pool\": \"a\", \"routes\": [{\"dst\": \"x\"}] | ipam.routes[0]"})
    void badConfigIsCode7NamingTheField(String what, String ipam, String field) {
        assertThatThrownBy(() -> parse(ipam == null ? "" : ipam)).as(what).isInstanceOfSatisfying(CniException.class, e -> {
            assertThat(e.code()).isEqualTo(7);
            assertThat(e.msg()).contains("\"" + field);
        });
    }
}
