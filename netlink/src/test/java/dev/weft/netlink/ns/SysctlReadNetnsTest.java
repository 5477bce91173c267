package dev.weft.netlink.ns;

import dev.weft.testkit.Netns;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Sysctls of several digits read back whole (the kernel's integer handlers see only one read). */
@RequiresRoot("creates a namespace and writes sysctls inside it")
class SysctlReadNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();

    @Test
    void aMultiDigitValueIsReadWhole() {
        try (NetNs ns = NetNs.named(netns.create("wt-sysrd"))) {
            ns.sysctl("net.core.somaxconn", "7777");
            assertThat(ns.readSysctl("net.core.somaxconn")).isEqualTo("7777");
            assertThat(ns.readSysctl("net/ipv4/ip_local_port_range")).matches("\\d+\\s+\\d+");
        }
    }
}
