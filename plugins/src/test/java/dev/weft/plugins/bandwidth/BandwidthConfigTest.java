package dev.weft.plugins.bandwidth;

import dev.weft.cni.CniException;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** weft-bandwidth's configuration: where limits come from, and refusals naming the field. */
class BandwidthConfigTest {
    private static BandwidthConfig parse(String members) {
        var stdin = Json.parseObject("{\"cniVersion\": \"1.0.0\", \"name\": \"n\"" + (members.isEmpty() ? "" : ", " + members)
                + "}", "t");
        return BandwidthConfig.parse(stdin, RuntimeConfig.parse(stdin));
    }

    @Test
    void staticKeysWinOverTheCapabilityEvenWhenOnlyOneIsGiven() {
        BandwidthConfig c = parse("\"egressRate\": 0, \"runtimeConfig\": {\"bandwidth\": {\"ingressRate\": 800, \"ingressBurst\": 8000}}");
        assertThat(c.isZero()).as("a static key makes the configuration static").isTrue();
        BandwidthConfig cap = parse("\"runtimeConfig\": {\"bandwidth\": {\"ingressRate\": 800, \"ingressBurst\": 8000}}");
        assertThat(cap.ingress().rateBits()).isEqualTo(800);
        assertThat(cap.ingress().burstBytes()).isEqualTo(1000);
        assertThat(cap.egress().shaped()).isFalse();
        assertThat(parse("").isZero()).isTrue();
    }

    @Test
    void aRateNeedsItsBurstAndTheReverseAndBothHaveBounds() {
        String[][] cases = {
                {"\"ingressRate\": 1000", "ingressBurst", "must be set"},
                {"\"egressBurst\": 1000", "egressRate", "must be set"},
                {"\"egressRate\": 4, \"egressBurst\": 100000", "egressRate", "at least 8"},
                {"\"ingressRate\": 1000, \"ingressBurst\": 34359738368", "ingressBurst", "4 GB"},
                {"\"ingressRate\": \"fast\", \"ingressBurst\": 1", "ingressRate", "integer"},
                {"\"unshapedSubnets\": [\"10.0.0.0/8\"]", "unshapedSubnets", "not supported"},
                {"\"runtimeConfig\": {\"bandwidth\": {\"egressRate\": 1000}}", "runtimeConfig.bandwidth.egressBurst", "must be set"},
                {"\"runtimeConfig\": {\"bandwidth\": {\"shapedSubnets\": []}}", "runtimeConfig.bandwidth.shapedSubnets", "not supported"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0])).as(c[0]).isInstanceOfSatisfying(CniException.class, e -> {
                assertThat(e.code()).isEqualTo(7);
                assertThat(e.msg()).contains("\"" + c[1] + "\"").contains(c[2]);
            });
        }
    }

    @Test
    void ifbNamesAreShortStableAndNeverTheModulesOwn() {
        String n = BandwidthPlugin.ifbName("net", "container-1", "eth0");
        assertThat(n).matches("wbw[0-9a-f]{12}").hasSize(15).isEqualTo(BandwidthPlugin.ifbName("net", "container-1", "eth0"))
                .isNotEqualTo(BandwidthPlugin.ifbName("net", "container-1", "eth1"));
    }

    @Test
    void theTbfQueuesTwentyFiveMillisecondsBeyondTheBurst() {
        var d = new BandwidthConfig.Direction(8_000_000, 80_000, "ingressRate", "ingressBurst");
        var tbf = BandwidthPlugin.tbf(d);
        assertThat(tbf.rate().bytesPerSecond()).isEqualTo(1_000_000);
        assertThat(tbf.burstBytes()).isEqualTo(10_000);
        assertThat(tbf.limitBytes()).isEqualTo(10_000 + 25_000);
    }
}
