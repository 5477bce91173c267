package dev.weft.netlink.ns;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sysctl keys to /proc/sys paths; only network keys, no escapes. */
class SysctlPathTest {
    @Test
    void dottedAndSlashedKeys() {
        assertThat(NetNs.sysctlPath("net.ipv4.ip_forward")).isEqualTo(Path.of("/proc/sys/net/ipv4/ip_forward"));
        assertThat(NetNs.sysctlPath("net/ipv4/conf/eth0.100/proxy_arp"))
                .isEqualTo(Path.of("/proc/sys/net/ipv4/conf/eth0.100/proxy_arp"));
        for (String bad : new String[] {"kernel.hostname", "net/../kernel/x", "net/", "vm/swappiness", "/net/x"}) {
            assertThatThrownBy(() -> NetNs.sysctlPath(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
