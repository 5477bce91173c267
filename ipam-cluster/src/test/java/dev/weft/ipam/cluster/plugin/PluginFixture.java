package dev.weft.ipam.cluster.plugin;

import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.CountingDatastore;
import dev.weft.ipam.cluster.IpamReport;
import dev.weft.ipam.cluster.LaneSettings;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.ipam.cluster.PoolSpec;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-ipam as the agent runs it (a shared provider whose own store is a counted embedded store
 * under the test's temp dir, node n1), driven through the SDK's dispatcher.
 */
abstract class PluginFixture {
    @TempDir
    Path tmp;
    CountingDatastore store;
    IpamProvider provider;
    PluginHarness plugin;
    String url;

    @BeforeEach
    void open() {
        url = tmp.resolve("store.json").toString();
        store = new CountingDatastore(new EmbeddedDatastore(tmp.resolve("store.json")));
        provider = IpamProvider.shared(Optional.of("n1"), Optional.of(new IpamProvider.NamedStore(url, store)), lanes());
        plugin = new PluginHarness(new WeftIpamPlugin(provider));
        pool("p", "10.20.0.0/24", Optional.of("10.20.0.1"));
    }

    /** How the agent's allocator reserves ahead here: not at all (the datastore's path), unless a test class says so. */
    Optional<LaneSettings> lanes() {
        return Optional.empty();
    }

    @AfterEach
    void close() {
        provider.close();
        store.close();
    }

    void pool(String name, String cidr, Optional<String> gateway) {
        new PoolAdmin(store).add(new PoolSpec(name, cidr, Optional.of(Integer.parseInt(cidr.split("/")[1]) + 2), List.of(),
                gateway, false));
    }

    /** A network config with {@code ipam} of weft-ipam: {@code pool} JSON fragment and extra keys. */
    String conf(String network, String ipamKeys) {
        return """
                {"cniVersion": "1.1.0", "name": "%s", "type": "weft-bridge",
                 "ipam": {"type": "weft-ipam", "datastore": "%s", "dataDir": "%s" %s}}
                """.formatted(network, url, tmp.resolve("records"), ipamKeys.isEmpty() ? "" : ", " + ipamKeys);
    }

    String conf(String ipamKeys) {
        return conf("net", ipamKeys);
    }

    PluginHarness.Outcome run(String cmd, String cid, String conf) {
        return plugin.run(cmd, cid, "eth0", conf, Map.of());
    }

    PluginHarness.Outcome add(String cid) {
        PluginHarness.Outcome o = run("ADD", cid, conf("\"pool\": \"p\""));
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        return o;
    }

    static String ip(PluginHarness.Outcome o) {
        return o.out().get("ips").get(0).get("address").asString();
    }

    IpamSnapshot snap() {
        return IpamSnapshot.read(store);
    }

    AttachmentRecords records(String node) {
        return new AttachmentRecords(tmp.resolve("records"), node);
    }

    static AttachmentId att(String cid) {
        return AttachmentId.of(cid, "eth0");
    }

    /** Nothing is half-written: no allocation without handle, no handle without allocation. */
    void consistent() {
        assertThat(IpamReport.check(snap(), Optional.empty(), System.currentTimeMillis())).isEmpty();
    }
}
