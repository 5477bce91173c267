package dev.weft.cnm;

import dev.weft.cni.Attachment;
import dev.weft.cnm.state.CnmConfig;
import dev.weft.cnm.state.CnmState;
import dev.weft.ipam.hostlocal.AllocationStore;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.SubnetEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol over a real unix socket (Jetty), with the data path faked: recorded sequences replayed. */
class CnmProtocolTest {
    static final String NET = "d9c4e7f5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
    static final String EP = "5f2bd1c0e9a8877665544332211000ffeeddccbbaa99887766554433221100ff";
    static final String POOL = "weft/10.88.3.0/24";

    @TempDir
    Path dir;
    CnmConfig config;
    FakePlumbing plumbing = new FakePlumbing();
    CnmService service;

    @BeforeEach
    void start() {
        SubnetEnv.of(Cidr.parse("10.88.0.0/16"), Cidr.parse("10.88.3.0/24"), 1450, true).write(dir.resolve("subnet.env"));
        config = new CnmConfig(dir.resolve("plugins/weft.sock"), dir.resolve("state"), Optional.of(dir.resolve("subnet.env")),
                dir.resolve("ipam"), "weft", "weft0");
        service = CnmService.start(config, plumbing);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private UnixHttp.Answer post(String path, String json) {
        return UnixHttp.post(config.socket(), path, json.getBytes(StandardCharsets.UTF_8));
    }

    private Map<IpAddress, Attachment> nodeStore() {
        AllocationStore s = new AllocationStore(dir.resolve("ipam"), "weft");
        return s.locked(s::allocations);
    }

    @Test
    void lifecycleFromTheProtocolDocsReplays() {
        Replay.run(config.socket(), "lifecycle.jsonl");

        assertThat(plumbing.calls).containsExactly(
                "plug weft0 5f2bd1c0e9a8 10.88.3.2/24",
                "unplug wc5f2bd1c0e9a vethfake5f2bd",
                "remove weft0");
        assertThat(nodeStore()).isEmpty();
    }

    @Test
    void badRequestsGetTheProtocolsErrorShapeAndLeakNothing() {
        Replay.run(config.socket(), "bad-requests.jsonl");

        assertThat(plumbing.calls).isEmpty();
        assertThat(nodeStore()).containsOnlyKeys(IpAddress.parse("10.88.3.40"));
        assertThat(service.isServing()).isTrue();
    }

    @Test
    void aFailedPlugLeavesNoEndpointAndDockersReleaseFreesTheAddress() {
        createNetwork();
        String addr = post("/IpamDriver.RequestAddress", "{\"PoolID\": \"" + POOL + "\"}").body();
        assertThat(addr).contains("10.88.3.2/24");
        plumbing.failNext = true;

        UnixHttp.Answer a = post("/NetworkDriver.CreateEndpoint", endpoint(EP, "10.88.3.2/24"));
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.body()).contains("\"Err\"").contains("injected: no veth today");
        assertThat(post("/NetworkDriver.EndpointOperInfo", ids(EP)).body()).contains("unknown endpoint");
        // libnetwork rolls back by releasing the address
        assertThat(post("/IpamDriver.ReleaseAddress", "{\"PoolID\": \"" + POOL + "\", \"Address\": \"10.88.3.2\"}").status())
                .isEqualTo(200);
        assertThat(nodeStore()).isEmpty();
    }

    @Test
    void networkRmCollectsEndpointsDockerForgotAndReleasePoolFreesOnlyDockersAddresses() {
        AllocationStore store = new AllocationStore(dir.resolve("ipam"), "weft");
        store.locked(() -> store.reserve(IpAddress.parse("10.88.3.100"), new Attachment("podcontainer1", "eth0"), 0));
        createNetwork();
        for (int i = 0; i < 3; i++) {
            post("/IpamDriver.RequestAddress", "{\"PoolID\": \"" + POOL + "\"}");
            String eid = "%064x".formatted(i + 1);
            assertThat(post("/NetworkDriver.CreateEndpoint", endpoint(eid, "10.88.3." + (i + 2) + "/24")).status()).isEqualTo(200);
        }
        assertThat(nodeStore()).hasSize(4);
        UnixHttp.Answer podsAddress = post("/IpamDriver.ReleaseAddress", "{\"PoolID\": \"" + POOL + "\", \"Address\": \"10.88.3.100\"}");
        assertThat(podsAddress.status()).isEqualTo(500);
        assertThat(podsAddress.body()).contains("\"Error\"").contains("podcontainer1");

        assertThat(post("/NetworkDriver.DeleteNetwork", "{\"NetworkID\": \"" + NET + "\"}").status()).isEqualTo(200);
        assertThat(post("/IpamDriver.ReleasePool", "{\"PoolID\": \"" + POOL + "\"}").status()).isEqualTo(200);

        assertThat(plumbing.calls).filteredOn(c -> c.startsWith("unplug")).hasSize(3);
        assertThat(plumbing.calls).last().isEqualTo("remove weft0");
        assertThat(nodeStore()).containsOnlyKeys(IpAddress.parse("10.88.3.100"));
    }

    @Test
    void aRestartedDriverKeepsServingWhatDockerHas() {
        createNetwork();
        post("/IpamDriver.RequestAddress", "{\"PoolID\": \"" + POOL + "\"}");
        post("/NetworkDriver.CreateEndpoint", endpoint(EP, "10.88.3.2/24"));
        service.close();
        service = CnmService.start(config, plumbing);

        UnixHttp.Answer join = post("/NetworkDriver.Join", "{\"NetworkID\": \"" + NET + "\", \"EndpointID\": \"" + EP
                + "\", \"SandboxKey\": \"/var/run/docker/netns/x\"}");
        assertThat(join.status()).isEqualTo(200);
        service.close();
        service = CnmService.start(config, plumbing);
        assertThat(post("/NetworkDriver.EndpointOperInfo", "{\"NetworkID\": \"" + NET + "\", \"EndpointID\": \"" + EP + "\"}")
                .status()).isEqualTo(200);
        assertThat(CnmState.load(config.stateDir()).endpoint(EP).orElseThrow().sandboxKey())
                .as("the sandbox kept across a restart").contains(Path.of("/var/run/docker/netns/x"));
        UnixHttp.Answer relative = post("/NetworkDriver.Join", "{\"NetworkID\": \"" + NET + "\", \"EndpointID\": \"" + EP
                + "\", \"SandboxKey\": \"/var/run/../x\"}");
        assertThat(relative.status()).isEqualTo(400);
        assertThat(relative.body()).contains("SandboxKey");
        assertThat(join.body()).contains("\"SrcName\":\"wc5f2bd1c0e9a\"").contains("\"Gateway\":\"10.88.3.1\"");
        assertThat(post("/IpamDriver.RequestAddress", "{\"PoolID\": \"" + POOL + "\"}").body()).contains("10.88.3.3/24");
        assertThat(post("/IpamDriver.RequestPool", "{\"AddressSpace\": \"weft-local\"}").body()).contains("in use");
    }

    /**
     * dockerd before 25.0 sends {@code Host: } empty (see the server package's notes), which Jetty
     * refuses unless the workaround serves it: this is the test an upgrade of Jetty must pass.
     */
    @Test
    void dockersBlankHostIsServed() {
        UnixHttp.Answer a = UnixHttp.post(config.socket(), "", "/Plugin.Activate", new byte[0]);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"Implements\":[\"NetworkDriver\",\"IpamDriver\"]}");
    }

    @Test
    void aDamagedStateFileStopsTheStartInsteadOfForgettingAddresses() throws Exception {
        createNetwork();
        service.close();
        Files.writeString(dir.resolve("state/state.json"), "{\"pools\": [{\"id\": 3}]}");

        assertThatThrownBy(() -> CnmService.start(config, plumbing)).hasMessageContaining("damaged CNM state");
        service = CnmService.start(new CnmConfig(dir.resolve("other.sock"), dir.resolve("state2"), Optional.empty(),
                dir.resolve("ipam"), "weft", "weft0"), plumbing);
    }

    @Test
    void aNetworkWithItsOwnSubnetGetsItsOwnBridgeAndStore() {
        assertThat(post("/IpamDriver.RequestPool", "{\"AddressSpace\": \"weft-local\", \"Pool\": \"172.30.5.0/24\"}").body())
                .contains("\"PoolID\":\"weft/172.30.5.0/24\"");
        assertThat(post("/IpamDriver.RequestAddress", "{\"PoolID\": \"weft/172.30.5.0/24\"}").body()).contains("172.30.5.2/24");
        post("/NetworkDriver.CreateNetwork", "{\"NetworkID\": \"" + NET + "\", \"IPv4Data\": [{\"Pool\": \"172.30.5.0/24\","
                + " \"Gateway\": \"172.30.5.1/24\"}], \"Options\": {\"com.docker.network.generic\": {\"mtu\": \"1400\"}}}");
        assertThat(post("/NetworkDriver.CreateEndpoint", endpoint(EP, "172.30.5.2/24")).status()).isEqualTo(200);

        assertThat(plumbing.calls).containsExactly("plug wd-d9c4e7f5a1 5f2bd1c0e9a8 172.30.5.2/24");
        assertThat(nodeStore()).isEmpty();
        assertThat(dir.resolve("state/ipam/pool-172.30.5.0-24")).isDirectory();
    }

    private void createNetwork() {
        assertThat(post("/IpamDriver.RequestPool", "{\"AddressSpace\": \"weft-local\"}").status()).isEqualTo(200);
        assertThat(post("/NetworkDriver.CreateNetwork", "{\"NetworkID\": \"" + NET + "\", \"IPv4Data\": [{\"Pool\": \"10.88.3.0/24\","
                + " \"Gateway\": \"10.88.3.1/24\"}]}").status()).isEqualTo(200);
    }

    private static String endpoint(String eid, String address) {
        return "{\"NetworkID\": \"" + NET + "\", \"EndpointID\": \"" + eid + "\", \"Interface\": {\"Address\": \"" + address + "\"}}";
    }

    private static String ids(String eid) {
        return "{\"NetworkID\": \"" + NET + "\", \"EndpointID\": \"" + eid + "\"}";
    }
}
