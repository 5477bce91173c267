package dev.weft.plugins.netns;

import dev.weft.nft.FakeNft;
import dev.weft.nft.MacSpoofCheck;
import dev.weft.nft.Masquerade;
import dev.weft.plugins.FakeIpam;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** weft-bridge on the real kernel against failures and bad input (issue #13), in throwaway namespaces. */
@RequiresRoot
class HardeningNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    private String host;
    private FakeIpam fakeIpam;

    @BeforeEach
    void setUp() {
        host = netns.create("wth-host");
        fakeIpam = new FakeIpam();
    }

    private PluginHarness bridge(IpamDelegate ipam) {
        return new PluginHarness(new BridgePlugin(new NetlinkKernel(Netns.path(host)), ipam,
                new Masquerade(new FakeNft(), tmp.resolve("masq.lock")), new MacSpoofCheck(new FakeNft(), tmp.resolve("spoof.lock"))));
    }

    private String conf(String ipam) {
        return """
                {"cniVersion": "1.1.0", "name": "hnet", "type": "weft-bridge", "bridge": "wthbr0", "isGateway": true,
                 "ipam": %s}
                """.formatted(ipam);
    }

    private String hostLocal(String subnet) {
        return "{\"type\": \"weft-host-local\", \"dataDir\": \"" + tmp.resolve("ipam") + "\", \"ranges\": [[{\"subnet\": \""
                + subnet + "\"}]]}";
    }

    private boolean bridgeExists() {
        return Proc.run("ip", "-n", host, "link", "show", "wthbr0").ok();
    }

    /**
     * An invalid range made the ADD fail after it had created the bridge; the veth was rolled
     * back, the bridge stayed (issue #13, item 1).
     */
    @Test
    void aBridgeTheFailedAddCreatedIsRemoved() {
        String ctr = netns.create("wth-c");
        Outcome o = bridge(Lab.hostLocal()).run("ADD", "c1", "eth0", conf(hostLocal("10.45.0.0/33")),
                Map.of("CNI_NETNS", Netns.path(ctr)));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(bridgeExists()).as("bridge rolled back").isFalse();
        assertThat(Proc.run("ip", "-n", host, "-o", "link").out()).doesNotContain("veth");
        assertThat(Proc.run("ip", "-n", ctr, "link", "show", "eth0").ok()).isFalse();
    }

    @Test
    void aBridgeThatWasThereBeforeStays() {
        Proc.run("ip", "-n", host, "link", "add", "wthbr0", "type", "bridge").check();
        String ctr = netns.create("wth-c");
        Outcome o = bridge(Lab.hostLocal()).run("ADD", "c1", "eth0", conf(hostLocal("10.45.0.0/33")),
                Map.of("CNI_NETNS", Netns.path(ctr)));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(bridgeExists()).isTrue();
    }

    /**
     * A CNI_NETNS that is a regular file (or a directory, or another kind of namespace) used to
     * fail with code 999 "setns: EINVAL" (issue #13, item 7). It is code 3, as for a namespace that
     * does not exist, with a message that says what the path is; DEL of it succeeds.
     */
    @Test
    void aNetnsPathThatIsNotANetworkNamespaceIsCode3() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-netns"), "");
        Path dir = Files.createDirectories(tmp.resolve("a-dir"));
        PluginHarness b = bridge(new IpamDelegate(fakeIpam.exec));
        String c = conf("{\"type\": \"fake-ipam\"}");
        for (String path : new String[] {file.toString(), dir.toString(), "/proc/self/ns/mnt"}) {
            Outcome o = b.run("ADD", "c1", "eth0", c, Map.of("CNI_NETNS", path));
            assertThat(o.errorCode()).as(path + ": " + o.out()).isEqualTo(3);
            assertThat(o.msg()).contains("CNI_NETNS").contains(path).contains("not a network namespace");
        }
        assertThat(b.run("ADD", "c1", "eth0", c, Map.of("CNI_NETNS", file.toString())).msg()).contains("regular file");
        assertThat(b.run("ADD", "c1", "eth0", c, Map.of("CNI_NETNS", "/proc/self/ns/mnt")).msg()).contains("mnt");
        Outcome del = b.run("DEL", "c1", "eth0", c, Map.of("CNI_NETNS", file.toString()));
        assertThat(del.exit()).as(String.valueOf(del.out())).isZero();
        assertThat(fakeIpam.released.get()).isEqualTo(1);
        assertThat(bridgeExists()).isFalse();
    }
}
