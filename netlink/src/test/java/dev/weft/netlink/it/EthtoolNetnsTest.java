package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.ethtool.Ethtool;
import dev.weft.netlink.link.LinkSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RequiresRoot
class EthtoolNetnsTest {

    @Test
    void turnsTxChecksumOffloadOffAndOnAgainOnAVxlanDevice() {
        try (TestNs n = TestNs.create("eth")) {
            InterfaceName vx = InterfaceName.of("vx0");
            n.nl.links().add(new LinkSpec.Vxlan(vx, 1450, 42, IpAddress.parse("192.0.2.1"), 8472, false, 0));
            assertThat(n.ns.run(() -> Ethtool.txChecksum(vx))).as("the kernel's default").isTrue();

            n.ns.run(() -> {
                Ethtool.setTxChecksum(vx, false);
                return null;
            });
            assertThat(n.ns.run(() -> Ethtool.txChecksum(vx))).isFalse();
            assertThat(n.ip("-d", "link", "show", "vx0")).contains("vxlan id 42");

            n.ns.run(() -> {
                Ethtool.setTxChecksum(vx, true);
                return null;
            });
            assertThat(n.ns.run(() -> Ethtool.txChecksum(vx))).isTrue();
        }
    }

    @Test
    void aMissingDeviceIsNotFound() {
        try (TestNs n = TestNs.create("eth")) {
            assertThatThrownBy(() -> n.ns.run(() -> Ethtool.txChecksum(InterfaceName.of("nope0"))))
                    .isInstanceOf(NetlinkException.NotFoundException.class);
        }
    }

    @Test
    void vxlanChecksumIsBrokenBefore57() {
        assertThat(Ethtool.vxlanChecksumBroken("4.19.0-26-amd64")).isTrue();
        assertThat(Ethtool.vxlanChecksumBroken("5.4.0-150-generic")).isTrue();
        assertThat(Ethtool.vxlanChecksumBroken("5.7.0")).isFalse();
        assertThat(Ethtool.vxlanChecksumBroken("5.15.0-91-generic")).isFalse();
        assertThat(Ethtool.vxlanChecksumBroken("6.18.1+deb13-amd64")).isFalse();
        assertThat(Ethtool.vxlanChecksumBroken("weird")).isTrue();
    }
}
