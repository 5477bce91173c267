package dev.weft.plugins.hostdevice;

import dev.weft.plugins.FakeIpam;
import dev.weft.plugins.net.FakeKernel;
import dev.weft.plugins.net.Link;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HostDeviceRollbackTest {
    private static final String NS = "/run/netns/c1";

    /**
     * A failed ADD moved the device back to the host but left it down, though it was up before:
     * the host lost a working interface (found with issue #13, item 1's class of bug). The
     * rollback brings it back up.
     */
    @Test
    void aFailedAddGivesTheDeviceBackAsItWas() {
        FakeKernel kernel = new FakeKernel();
        kernel.addNamespace(NS);
        Link dev = kernel.ns("").addDevice("eth8", "");
        kernel.current().setUp(dev);
        FakeIpam ipam = new FakeIpam();
        ipam.fail = true;
        PluginHarness plugin = new PluginHarness(new HostDevicePlugin(kernel, new IpamDelegate(ipam.exec), Path.of("/sys")));
        Outcome o = plugin.run("ADD", "c1", "eth0", """
                {"cniVersion": "1.1.0", "name": "n", "type": "weft-host-device", "device": "eth8",
                 "ipam": {"type": "fake-ipam"}}""", Map.of("CNI_NETNS", NS));
        assertThat(o.errorCode()).isEqualTo(11);
        assertThat(kernel.ns(NS).link("eth0")).isEmpty();
        assertThat(kernel.current().link("eth8")).hasValueSatisfying(l -> assertThat(l.up()).as("up again").isTrue());
    }
}
