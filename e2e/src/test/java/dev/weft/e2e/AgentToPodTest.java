package dev.weft.e2e;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Proc;
import dev.weft.node.AgentConfig;
import dev.weft.node.NodeAgent;
import dev.weft.testkit.Netns;
import dev.weft.e2e.testing.PluginLaunchers;
import dev.weft.testkit.WeftCli;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.cni.json.Json;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node end to end: the agent leases the node's subnet and writes subnet.env; the runtime
 * runs the {@code weft} meta plugin, which hands the pod to weft-bridge and weft-host-local on
 * that subnet. The "node" is a throwaway namespace.
 */
class AgentToPodTest {
    @TempDir
    Path tmp;
    private final Netns netns = new Netns();

    @AfterEach
    void tearDown() {
        netns.close();
    }

    @Test
    @RequiresRoot
    void podGetsAnAddressInTheAgentsSubnet() throws Exception {
        var store = new EmbeddedDatastore(tmp.resolve("store.json"));
        new SubnetManager(store).init(ClusterConfig.of(Cidr.parse("10.246.0.0/16"), 24, "vxlan"));
        Path env = tmp.resolve("run/subnet.env");
        try (NodeAgent agent = new NodeAgent(new AgentConfig("node-a", IpAddress.parse("192.0.2.1"), env,
                tmp.resolve("state/subnet"), 1450, true, Map.of()), store)) {
            SubnetLease lease = agent.start();
            String host = netns.create("wt-agent-host");
            String pod = netns.create("wt-agent-pod");
            Path bin = PluginLaunchers.write(tmp.resolve("bin"));
            Path conf = Files.createDirectories(tmp.resolve("net.d"));
            Files.writeString(conf.resolve("10-cluster.conflist"), """
                    {"cniVersion": "1.0.0", "name": "cluster", "plugins": [
                      {"type": "weft", "subnetFile": "%s", "dataDir": "%s", "ipamDataDir": "%s"}]}
                    """.formatted(env, tmp.resolve("weft"), tmp.resolve("ipam")));
            Map<String, String> cni = Map.of("NETCONFPATH", conf.toString(), "CNI_PATH", bin.toString());
            Proc.Result add = WeftCli.run(host, cni, "cni", "add", "cluster", pod, "--cache-dir", tmp.resolve("cache").toString());
            assertThat(add.exit()).as(add.err()).isZero();
            JsonNode result = Json.mapper().readTree(add.out());
            String address = result.path("ips").path(0).path("address").asString();
            assertThat(lease.subnet().contains(IpAddress.parse(address.substring(0, address.indexOf('/'))))).isTrue();
            assertThat(Proc.run(List.of("ip", "-n", pod, "-o", "link", "show", "eth0")).out()).contains("mtu 1450");
            assertThat(Proc.run(List.of("ip", "-n", pod, "route")).out()).contains("default via " + lease.subnet().network().plus(1));
            assertThat(Proc.inNetns(pod, "ping", "-c", "1", "-W", "2", lease.subnet().network().plus(1).toString()).exit()).isZero();

            Proc.Result del = WeftCli.run(host, cni, "cni", "del", "cluster", pod, "--cache-dir", tmp.resolve("cache").toString());
            assertThat(del.exit()).as(del.err()).isZero();
            assertThat(Proc.run(List.of("ip", "-n", pod, "link", "show", "eth0")).exit()).isNotZero();
        }
    }
}
