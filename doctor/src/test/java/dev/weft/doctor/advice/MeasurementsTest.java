package dev.weft.doctor.advice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading {@code dataplane.json} as {@code weft bench dataplane} writes it (an excerpt of a real run). */
class MeasurementsTest {
    private static final String JSON = """
            {"benchmark": "dataplane", "machine": {"kernel": "6.18.44-fc-v1045", "cpus": 2},
             "modes": {
               "underlay": {"mtu": 1500, "tcp_gbps": 3.148, "rr_p50_us": 23.334, "ratios": {"tcp": 1.0}},
               "macvlan": {"mtu": 1500, "tcp_gbps": 1.835, "rr_p50_us": 23.644, "ratios": {"tcp": 0.919}},
               "vxlan": {"mtu": 1450, "tcp_gbps": null, "rr_p50_us": 30.0, "ratios": {"tcp": null}},
               "udp-simple": {"tcp_gbps": 0.4, "ratios": {"tcp": 0.1}},
               "udp-offload": {"tcp_gbps": 1.2, "ratios": {"tcp": 0.4}}
             }}
            """;

    @Test
    void modesBecomeBackends_theBestUdpDatapathCounts_nullIsNotMeasured() {
        Measurements m = Measurements.parse(JSON);
        assertThat(m.kernel()).isEqualTo("6.18.44-fc-v1045");
        assertThat(m.figures()).containsOnlyKeys(Backend.MACVLAN, Backend.VXLAN, Backend.UDP);
        assertThat(m.of(Backend.MACVLAN).orElseThrow().text()).isEqualTo("tcp 1.84 Gbps (0.92 of the underlay), rr p50 24 µs");
        assertThat(m.of(Backend.VXLAN).orElseThrow().text()).isEqualTo("rr p50 30 µs");
        assertThat(m.of(Backend.UDP).orElseThrow().tcpGbps()).isEqualTo(1.2);
        assertThat(m.of(Backend.HOST_GW)).isEmpty();
    }
}
