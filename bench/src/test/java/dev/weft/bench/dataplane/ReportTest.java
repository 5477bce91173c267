package dev.weft.bench.dataplane;

import dev.weft.bench.report.Machine;
import dev.weft.cni.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON, Markdown and PNG renderers, on a made-up result. */
class ReportTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    private static BenchResult result() {
        List<Sample> underlay = List.of(new Sample(10, 12, 1.0, 0.2, 30, 100), new Sample(10, 12, 1.0, 0.4, 30, 100));
        return new BenchResult(new Machine("6.18.0-test", 2, "Test CPU", "25"), 5, 2, List.of(
                ModeSummary.of(Mode.UNDERLAY, 1500, underlay, underlay),
                ModeSummary.of(Mode.HOST_GW, 1500, List.of(new Sample(9, 11, 0.9, 0, 33, 110),
                        new Sample(7, 9, 0.7, 0, 33, 110)), underlay),
                ModeSummary.of(Mode.VXLAN, 1450, List.of(new Sample(7, 8, 0.8, 0, 45, 150),
                        new Sample(7, Double.NaN, 0.8, 0, 45, 150)), underlay)));
    }

    @Test
    void markdown_tableGoalsAndMethod() {
        String md = MarkdownReport.render(result());
        assertThat(md).startsWith("# weft dataplane benchmark\n")
                .contains("Linux 6.18.0-test, 2 CPUs (Test CPU). 5 s per run, 2 repeats")
                .contains("| underlay | 1500 | 10.00 | 12.00 | 1.00 (0.3 %) | 30.0 | 100.0 | 1.00 | 1.00 | 1.00 | 1.00 | 1.00 |")
                .contains("| host-gw | 1500 | 8.00 | 10.00 | 0.80 (0.0 %) | 33.0 | 110.0 | 0.80 | 0.83 | 0.80 | 1.10 | 1.10 |")
                .contains("| vxlan | 1450 | 7.00 | 8.00 | 0.80 (0.0 %) | 45.0 | 150.0 | 0.70 | 0.67 | 0.80 | 1.50 | 1.50 |")
                .contains("| host-gw | ≥ 0.80 | 0.800 PASS | 0.833 PASS | 0.800 PASS | **PASS** | 0.90, 0.70 |")
                .contains("| vxlan | ≥ 0.75 | 0.700 MISS | 0.667 MISS | 0.800 PASS | **MISS** | 0.70, 0.70 |")
                .contains("![throughput](dataplane-throughput.png)")
                .contains("`iperf3 -t 5` one stream and `-P 4`")
                .contains("`sockperf ping-pong --tcp -m 64 --full-rtt`");
        // the underlay is the reference: no goal row
        assertThat(md.lines().filter(l -> l.startsWith("| underlay |"))).hasSize(1);
    }

    @Test
    void json_modesWithMtuRatiosAndNullForFailedRuns() {
        ObjectNode root = Json.parseObject(JsonReport.render(result()), "report");
        assertThat(root.path("machine").path("cpus").asInt()).isEqualTo(2);
        assertThat(root.path("seconds").asInt()).isEqualTo(5);
        ObjectNode vx = (ObjectNode) root.path("modes").path("vxlan");
        assertThat(vx.path("mtu").asInt()).isEqualTo(1450);
        assertThat(vx.path("tcp_gbps").asDouble()).isEqualTo(7.0);
        assertThat(vx.path("tcp_multi_gbps").asDouble()).isEqualTo(8.0);
        assertThat(vx.path("ratios").path("tcp").asDouble()).isEqualTo(0.7);
        assertThat(vx.path("ratios").path("rr_p99").asDouble()).isEqualTo(1.5);
        assertThat(vx.path("goal_throughput_ratio").asDouble()).isEqualTo(0.75);
        assertThat(vx.path("samples").get(1).get("tcp_multi_gbps").isNull()).isTrue();
        assertThat(vx.path("tcp_ratio_per_repeat").get(0).asDouble()).isEqualTo(0.7);
        assertThat(root.path("modes").propertyNames()).containsExactly("underlay", "host-gw", "vxlan");
    }

    @Test
    void charts_arePngsOfTheExpectedSize() throws Exception {
        DataplaneBench.write(result(), dir);
        for (String f : List.of("dataplane-throughput.png", "dataplane-latency.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(f).toFile());
            assertThat(img).as(f).isNotNull();
            assertThat(img.getWidth()).isEqualTo(BarChart.WIDTH);
            assertThat(img.getHeight()).isEqualTo(BarChart.HEIGHT);
            // something was drawn: not a blank white canvas
            assertThat(img.getRGB(BarChart.WIDTH / 6, BarChart.HEIGHT - 70) & 0xffffff).isNotEqualTo(0xffffff);
        }
        assertThat(Files.readString(dir.resolve("dataplane.md"))).contains("| vxlan |");
        assertThat(Files.readString(dir.resolve("dataplane.json"))).contains("\"vxlan\"");
    }

    @Test
    void chart_rejectsRowsThatDoNotMatchTheCategories() {
        assertThatThrownBy(() -> new BarChart("t", "u", List.of("a", "b"), List.of("s"), new double[][] {{1}}))
                .hasMessageContaining("2 categories");
    }
}
