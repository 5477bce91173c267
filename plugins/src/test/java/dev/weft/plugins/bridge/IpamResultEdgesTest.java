package dev.weft.plugins.bridge;

import dev.weft.invoke.FakeExec;
import dev.weft.nft.FakeNft;
import dev.weft.nft.MacSpoofCheck;
import dev.weft.nft.Masquerade;
import dev.weft.plugins.net.FakeKernel;
import dev.weft.plugins.ptp.PtpPlugin;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An IPAM result is outside input: an address at the very end of its family, with no gateway,
 * has no "first address of the subnet" after it. weft-bridge and weft-ptp derived one by adding
 * 1, which overflowed into an internal error (999). It is code 7 now, and nothing is left set up.
 */
class IpamResultEdgesTest {
    private static final String NS = "/run/netns/c1";
    @TempDir
    Path tmp;

    private Outcome add(String type, String address) {
        FakeKernel kernel = new FakeKernel();
        kernel.addNamespace(NS);
        byte[] result = ("{\"cniVersion\": \"1.1.0\", \"ips\": [{\"address\": \"" + address + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        IpamDelegate ipam = new IpamDelegate(new FakeExec().register("edge-ipam",
                call -> call.command().equals("ADD") ? result : new byte[0]));
        FakeNft nft = new FakeNft();
        Plugin plugin = type.equals("bridge")
                ? new BridgePlugin(kernel, ipam, new Masquerade(nft, tmp.resolve("m.lock")), new MacSpoofCheck(nft, tmp.resolve("s.lock")))
                : new PtpPlugin(kernel, ipam, new Masquerade(nft, tmp.resolve("m.lock")));
        Outcome o = new PluginHarness(plugin).run("ADD", "c1", "eth0", """
                {"cniVersion": "1.1.0", "name": "n", "type": "t", "isGateway": true, "ipam": {"type": "edge-ipam"}}""",
                Map.of("CNI_NETNS", NS));
        assertThat(kernel.current().links()).as("rolled back").noneMatch(l -> "veth".equals(l.kind()));
        return o;
    }

    @ParameterizedTest
    @ValueSource(strings = {"255.255.255.255/32", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"})
    void anAddressWithNoNextAddressAndNoGatewayIsCode7(String address) {
        for (String type : new String[] {"bridge", "ptp"}) {
            Outcome o = add(type, address);
            assertThat(o.errorCode()).as(type + " " + o.out()).isEqualTo(7);
            assertThat(o.msg()).contains(address).contains("gateway");
        }
    }
}
