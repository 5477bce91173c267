package dev.weft.cnm;

import dev.weft.cnm.ipam.IpamDriver;
import dev.weft.cnm.network.NetworkDriver;
import dev.weft.cnm.server.Routes;
import dev.weft.cnm.state.CnmConfig;
import dev.weft.cnm.state.CnmState;
import dev.weft.ipam.hostlocal.AllocationStore;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.SubnetEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static dev.weft.cnm.CnmProtocolTest.EP;
import static dev.weft.cnm.CnmProtocolTest.NET;
import static dev.weft.cnm.CnmProtocolTest.POOL;
import static org.assertj.core.api.Assertions.assertThat;

/** An endpoint Docker forgot goes as a docker rm takes it: devices, endpoint, address; others stay. */
class EndpointCollectorTest {
    @TempDir
    Path dir;

    @Test
    void forgetUnplugsReleasesTheAddressAndKeepsTheRest() {
        SubnetEnv.of(Cidr.parse("10.88.0.0/16"), Cidr.parse("10.88.3.0/24"), 1450, true).write(dir.resolve("subnet.env"));
        CnmConfig config = new CnmConfig(dir.resolve("weft.sock"), dir.resolve("state"), Optional.of(dir.resolve("subnet.env")),
                dir.resolve("ipam"), "weft", "weft0");
        CnmState state = CnmState.load(config.stateDir());
        FakePlumbing plumbing = new FakePlumbing();
        NetworkDriver network = new NetworkDriver(config, state, plumbing);
        IpamDriver ipam = new IpamDriver(config, state);
        Routes routes = new Routes(network, ipam);
        call(routes, "/IpamDriver.RequestPool", "{\"AddressSpace\": \"weft-local\"}");
        call(routes, "/NetworkDriver.CreateNetwork", "{\"NetworkID\": \"" + NET + "\", \"IPv4Data\": [{\"Pool\": \"10.88.3.0/24\","
                + " \"Gateway\": \"10.88.3.1/24\"}]}");
        String other = "ab" + EP.substring(2);
        for (String eid : new String[] {EP, other}) {
            String addr = routes.serve("/IpamDriver.RequestAddress", ("{\"PoolID\": \"" + POOL + "\"}").getBytes(StandardCharsets.UTF_8))
                    .body().get("Address").asString();
            call(routes, "/NetworkDriver.CreateEndpoint", "{\"NetworkID\": \"" + NET + "\", \"EndpointID\": \"" + eid
                    + "\", \"Interface\": {\"Address\": \"" + addr + "\"}}");
        }
        assertThat(store()).containsOnlyKeys(IpAddress.parse("10.88.3.2"), IpAddress.parse("10.88.3.3"));

        new EndpointCollector(state, network, ipam).forget(EP);
        new EndpointCollector(state, network, ipam).forget(EP); // twice: nothing more

        assertThat(plumbing.calls).containsExactly("plug weft0 5f2bd1c0e9a8 10.88.3.2/24", "plug weft0 ab2bd1c0e9a8 10.88.3.3/24",
                "unplug wc5f2bd1c0e9a vethfake5f2bd");
        assertThat(state.endpoints()).extracting(e -> e.id()).containsExactly(other);
        assertThat(store()).containsOnlyKeys(IpAddress.parse("10.88.3.3"));
    }

    private static void call(Routes routes, String path, String json) {
        assertThat(routes.serve(path, json.getBytes(StandardCharsets.UTF_8)).status()).as(path).isEqualTo(200);
    }

    private java.util.Map<IpAddress, dev.weft.cni.Attachment> store() {
        AllocationStore s = new AllocationStore(dir.resolve("ipam"), "weft");
        return s.locked(s::allocations);
    }
}
