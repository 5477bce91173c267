package dev.weft.node;

import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetManager;
import dev.weft.cni.json.Json;
import dev.weft.invoke.FakeExec;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.plugins.meta.WeftPlugin;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's masquerade setting reaches the pods (issue #13, item 12): {@code weft agent
 * --no-ip-masq} → {@code AgentConfig.ipMasq} → {@code WEFT_IPMASQ} in subnet.env → the weft
 * plugin's delegate configuration ({@code ipMasq} of weft-bridge).
 */
class IpMasqChainTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "ipMasq={0}")
    @ValueSource(booleans = {true, false})
    void theAgentsSettingReachesTheDelegateConfig(boolean ipMasq) throws Exception {
        Path env = tmp.resolve("subnet.env");
        try (Datastore store = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            new SubnetManager(store).init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "vxlan"));
            try (NodeAgent agent = new NodeAgent(new AgentConfig("n1", IpAddress.parse("192.0.2.10"), env,
                    tmp.resolve("subnet"), 1450, ipMasq, Map.of()), store)) {
                agent.start();
            }
        }
        assertThat(Files.readString(env)).contains("WEFT_IPMASQ=" + ipMasq);

        FakeExec exec = new FakeExec().register("weft-bridge", call -> "{\"cniVersion\":\"1.0.0\",\"ips\":[]}".getBytes(StandardCharsets.UTF_8));
        var outcome = new PluginHarness(new WeftPlugin(exec)).run("ADD", "c1", "eth0", """
                {"cniVersion": "1.0.0", "name": "cluster", "type": "weft", "subnetFile": "%s", "dataDir": "%s"}
                """.formatted(env, tmp.resolve("data")), Map.of());
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        var delegate = Json.mapper().readTree(exec.calls().getLast().stdin());
        assertThat(delegate.path("ipMasq").asBoolean()).isEqualTo(ipMasq);
    }
}
