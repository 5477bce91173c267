package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.doctor.finding.Status;
import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel probes on this machine's kernel: the features weft's CI relies on (vxlan, macvlan,
 * tun, nf_tables, conntrack) are found, every probe answers, and no throwaway namespace is left.
 */
@RequiresRoot
class KernelProbeRootTest {
    @Test
    void featuresWeftNeedsAreFound_andNothingIsLeftBehind() throws IOException {
        List<Finding> found = KernelProbe.run();
        assertThat(found).extracting(Finding::name).containsExactly(ProbeNames.KERNEL_VXLAN, ProbeNames.KERNEL_MACVLAN,
                ProbeNames.KERNEL_TUN, ProbeNames.KERNEL_IPIP, ProbeNames.KERNEL_BRIDGE_VLAN, ProbeNames.KERNEL_NFTABLES,
                ProbeNames.KERNEL_CONNTRACK);
        for (String needed : List.of(ProbeNames.KERNEL_VXLAN, ProbeNames.KERNEL_MACVLAN, ProbeNames.KERNEL_TUN,
                ProbeNames.KERNEL_NFTABLES, ProbeNames.KERNEL_CONNTRACK)) {
            assertThat(found).filteredOn(f -> f.name().equals(needed)).singleElement()
                    .satisfies(f -> assertThat(f.status()).as(f.toString()).isEqualTo(Status.OK));
        }
        // the others answer either way, with the kernel's reason when missing
        assertThat(found).allMatch(f -> f.status() == Status.OK || f.observed().startsWith("not supported by this kernel"));
        String mine = "weft-doctor-" + ProcessHandle.current().pid() + "-";
        try (Stream<java.nio.file.Path> left = Files.list(NetNs.RUN_NETNS)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(mine));
        }
    }
}
