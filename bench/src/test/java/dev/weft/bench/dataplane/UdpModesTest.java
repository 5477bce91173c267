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
        assertThat(Mode.MACVLAN.lab()).isEqualTo(Mode.UNDERLAY.lab()).isEqualTo("host-gw");
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

    private static void write(Path node, long pid, long sys, long tx, long rx) throws Exception {
        Files.createDirectories(node.resolve("udp"));
        Files.writeString(node.resolve("udp/status"), "pid=" + pid + "\ndatapath=offload\ntx_packets=" + tx + "\nrx_packets=" + rx
                + "\nsys_tun_read=" + (sys / 2) + "\nsys_udp_send=" + (sys - sys / 2) + "\ndrop_short=5\n");
    }
}
