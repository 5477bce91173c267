package dev.weft.cli.cluster;

import dev.weft.testkit.Proc;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft cluster} on a damaged embedded store (issue #13, item 9). */
class ClusterCommandTest {
    @TempDir
    Path tmp;

    /**
     * An empty, blank, {@code []} or {@code {}} store file. {@code leases} used to print nothing
     * and exit 0, and {@code init} rewrote the file from scratch; both now fail, name the file and
     * leave it as it was.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "  \n", "[]", "{}"})
    void aDamagedStoreIsReportedAndNeverRewritten(String content) throws Exception {
        Path store = Files.writeString(tmp.resolve("store.json"), content);
        Proc.Result leases = WeftCli.run(null, Map.of(), "cluster", "leases", "--datastore", store.toString());
        assertThat(leases.exit()).as(leases.out()).isEqualTo(1);
        assertThat(leases.err()).contains(store.toString()).contains(".bak");
        Proc.Result init = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16",
                "--datastore", store.toString());
        assertThat(init.exit()).as(init.out()).isEqualTo(1);
        assertThat(init.err()).contains(store.toString());
        assertThat(Files.readString(store)).isEqualTo(content);
    }

    /** {@code --pool} on host-gw: the pool must exist and lie outside --network; udp takes none; nothing stored when refused. */
    @org.junit.jupiter.api.Test
    void aRoutedBackendTakesAnExistingPoolOutsideTheNetwork() {
        String store = tmp.resolve("store.json").toString();
        Proc.Result missing = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16", "--backend",
                "host-gw", "--pool", "pods", "--datastore", store);
        assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
        assertThat(missing.err()).contains("--pool pods").contains("no such pool");
        assertThat(WeftCli.run(null, Map.of(), "ipam", "pool", "add", "inside", "10.244.128.0/20", "--datastore", store)
                .exit()).isZero();
        assertThat(WeftCli.run(null, Map.of(), "ipam", "pool", "add", "pods", "10.60.0.0/20", "--datastore", store)
                .exit()).isZero();
        Proc.Result overlap = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16", "--backend",
                "vxlan", "--pool", "inside", "--datastore", store);
        assertThat(overlap.err()).contains("overlaps --network");
        Proc.Result udp = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16", "--backend",
                "udp", "--pool", "pods", "--datastore", store);
        assertThat(udp.exit()).isEqualTo(1);
        assertThat(udp.err()).contains("--pool applies to the macvlan, host-gw, vxlan and bgp backends only");
        Proc.Result ok = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16", "--backend",
                "host-gw", "--pool", "pods", "--datastore", store);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("backend host-gw").contains("pods from pool pods");
    }

    /** bgp takes a pool too (BIRD announces its blocks and borrowed addresses), an IPv4 one (BIRD's config is IPv4). */
    @org.junit.jupiter.api.Test
    void bgpTakesAnExistingPool() {
        String store = tmp.resolve("bgp-store.json").toString();
        assertThat(WeftCli.run(null, Map.of(), "ipam", "pool", "add", "pods", "10.60.0.0/20", "--datastore", store)
                .exit()).isZero();
        assertThat(WeftCli.run(null, Map.of(), "ipam", "pool", "add", "six", "fd60::/64", "--block-size", "122",
                "--datastore", store).exit()).isZero();
        Proc.Result v6 = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16", "--backend",
                "bgp", "--pool", "six", "--datastore", store);
        assertThat(v6.exit()).isEqualTo(1);
        assertThat(v6.err()).contains("--pool six").contains("IPv4 only");
        Proc.Result ok = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16", "--backend",
                "bgp", "--pool", "pods", "--datastore", store);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("backend bgp").contains("pods from pool pods").contains("bgp: as 64512");
    }
}
