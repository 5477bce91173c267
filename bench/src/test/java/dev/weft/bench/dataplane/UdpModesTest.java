package dev.weft.bench.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UdpModesTest {
    @TempDir
    Path dir;

    @Test
    void eachUdpDatapathHasALabOfItsOwn_andTheKernelModesShareTheirBackendsLab() {
        assertThat(Mode.parseList("vxlan,udp-simple,udp-batched,udp-offload"))
                .containsExactly(Mode.UNDERLAY, Mode.VXLAN, Mode.UDP_SIMPLE, Mode.UDP_BATCHED, Mode.UDP_OFFLOAD);
        assertThat(Mode.UDP_SIMPLE.lab()).isEqualTo("udp-simple");
        assertThat(Mode.UDP_OFFLOAD.backendOptions()).containsExactly("--udp-datapath", "offload");
        assertThat(Mode.HOST_GW.lab()).isEqualTo(Mode.UNDERLAY.lab()).isEqualTo("host-gw");
        assertThat(Mode.MACVLAN.lab()).isEqualTo("macvlan"); // the macvlan cluster backend has a lab of its own
        assertThat(Testbed.layout(Mode.UDP_BATCHED.lab()).name()).isEqualTo("dpudpbatched");
        assertThat(Mode.UDP_OFFLOAD.vxlanGoal()).hasValue(0.6);
        assertThat(Mode.UDP_OFFLOAD.goal()).isEmpty();
    }

    @Test
    void cpuOfAProcessIsUtimePlusStime_evenWithParenthesesInItsName() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 130 0 0 20 0 30 0 100 0 0";
        assertThat(CpuMeter.seconds(stat)).isCloseTo(3.80, within(1e-9));
        assertThat(CpuMeter.seconds(List.of(Long.MAX_VALUE))).isZero();
    }

    @Test
    void syscallsPerPacketSumBothNodesStatusFiles() throws Exception {
        Path n1 = dir.resolve("n1");
        Path n2 = dir.resolve("n2");
        write(n1, 11, 100, 40, 60);
        write(n2, 12, 100, 60, 40);
        UdpCounters before = UdpCounters.read(List.of(n1, n2));
        assertThat(before.pids()).containsExactly(11L, 12L);
        write(n1, 11, 150, 90, 110);
        write(n2, 12, 130, 110, 90);
        assertThat(UdpCounters.read(List.of(n1, n2)).perPacketSince(before)).isCloseTo(80.0 / 200, within(1e-9));
        assertThat(UdpCounters.read(List.of(dir.resolve("none"))).perPacketSince(before)).isNaN();
    }

    @Test
    void theReportShowsCpuPerGigabitAndTheUdpModesAgainstVxlanOfTheSameRepeat() {
        List<Sample> underlay = List.of(new Sample(10, 12, 1, 0, 30, 100, 0.1, Double.NaN), new Sample(10, 12, 1, 0, 30, 100, 0.1, Double.NaN));
        List<Sample> vxlan = List.of(new Sample(6, 6, 0.5, 0, 40, 120, 0.15, Double.NaN), new Sample(4, 6, 0.5, 0, 40, 120, 0.15, Double.NaN));
        List<Sample> offload = List.of(new Sample(3, 3, 0.2, 0, 80, 300, 0.3, 0.04), new Sample(3, 3, 0.2, 0, 80, 300, 0.3, 0.03));
        List<Sample> simple = List.of(new Sample(0.3, 0.3, 0.1, 0, 120, 900, 2.5, 2.0), new Sample(0.3, 0.3, 0.1, 0, 120, 900, 2.5, 2.0));
        BenchResult r = new BenchResult(new dev.weft.bench.report.Machine("6.18.0-test", 2, "Test CPU", "25"), 5, 2, List.of(
                ModeSummary.of(Mode.UNDERLAY, 1500, underlay, underlay), ModeSummary.of(Mode.VXLAN, 1450, vxlan, underlay),
                ModeSummary.of(Mode.UDP_SIMPLE, 1472, simple, underlay), ModeSummary.of(Mode.UDP_OFFLOAD, 1472, offload, underlay)));
        String md = MarkdownReport.render(r);
        assertThat(md).contains("## Cost (CPU per gigabit) and the userspace overlays against kernel VXLAN")
                .contains("| vxlan | 0.150 | – | 1.00 | 1.00 | 1.00 |  |")
                .contains("| udp-simple | 2.500 | 2.000 | 0.06 | 0.05 | 0.20 |  |")
                // offload: TCP 3/6 = 0.5 and 3/4 = 0.75 per repeat, median 0.625 against the 0.6 goal
                .contains("| udp-offload | 0.300 | 0.035 | 0.63 | 0.50 | 0.40 | ≥ 0.60 **PASS** |");
        assertThat(JsonReport.render(r)).contains("\"goal_tcp_ratio_to_vxlan\" : 0.6").contains("\"syscalls_per_packet\" : 0.035");
    }

    private static void write(Path node, long pid, long sys, long tx, long rx) throws Exception {
        Files.createDirectories(node.resolve("udp"));
        Files.writeString(node.resolve("udp/status"), "pid=" + pid + "\ndatapath=offload\ntx_packets=" + tx + "\nrx_packets=" + rx
                + "\nsys_tun_read=" + (sys / 2) + "\nsys_udp_send=" + (sys - sys / 2) + "\ndrop_short=5\n");
    }
}
