package dev.weft.bench.dataplane;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The iperf3 and sockperf parsers, on output captured from the real tools (trimmed). */
class ToolOutputTest {

    private static final String IPERF_TCP = """
            {
            	"start":	{"connected": [{"socket": 5, "local_host": "10.244.94.2", "remote_host": "10.244.90.2"}],
            		"version":	"iperf 3.12", "test_start": {"protocol": "TCP", "num_streams": 4}},
            	"intervals":	[{"sum": {"start": 0, "end": 1.0, "bits_per_second": 5.1e9}}],
            	"end":	{
            		"streams":	[],
            		"sum_sent":	{"start": 0, "end": 2.000041, "seconds": 2.000041, "bytes": 1325400064,
            			"bits_per_second": 5301545237.0, "retransmits": 312, "sender": true},
            		"sum_received":	{"start": 0, "end": 2.000417, "seconds": 2.000417, "bytes": 1323958272,
            			"bits_per_second": 5294738817.859963, "sender": true},
            		"cpu_utilization_percent": {"host_total": 61.2, "remote_total": 48.9}
            	}
            }
            """;

    private static final String IPERF_UDP = """
            warning: UDP block size 1400 exceeds TCP MSS 1398, may result in fragmentation / drops
            {"start": {"version": "iperf 3.12"}, "intervals": [], "end": {
              "sum": {"start": 0, "end": 2.002582, "bits_per_second": 746473660.7640605, "lost_percent": 5.101122246894317},
              "sum_sent": {"start": 0, "end": 2.000077, "seconds": 2.000077, "bytes": 186625600,
                "bits_per_second": 746473660.7640605, "jitter_ms": 0, "lost_packets": 0, "packets": 133304,
                "lost_percent": 0, "sender": true},
              "sum_received": {"start": 0, "end": 2.002582, "seconds": 2.002582, "bytes": 177105600,
                "bits_per_second": 707509005.8734175, "jitter_ms": 0.018722738234340282, "lost_packets": 6800,
                "packets": 133304, "lost_percent": 5.101122246894317, "sender": false}}}
            """;

    private static final String SOCKPERF = """
            sockperf: \u001B[2;35m== version #3.7-no.git == \u001B[0m
            sockperf[CLIENT] send on:sockperf: using recvfrom() to block on socket(s)

            [ 0] IP = 10.244.90.2     PORT = 11111 # TCP
            sockperf: Warmup stage (sending a few dummy messages)...
            sockperf: Starting test...
            sockperf: Test end (interrupted by timer)
            sockperf: Test ended
            sockperf: [Total Run] RunTime=2.001 sec; Warm up time=400 msec; SentMessages=44108; ReceivedMessages=44107
            sockperf: ========= Printing statistics for Server No: 0
            sockperf: [Valid Duration] RunTime=1.550 sec; SentMessages=34070; ReceivedMessages=34070
            sockperf: \u001B[2;35m====> avg-rtt=45.426 (std-dev=47.905)\u001B[0m
            sockperf: # dropped messages = 0; # duplicated messages = 0; # out-of-order messages = 0
            sockperf: Summary: Round trip is 45.426 usec
            sockperf: \u001B[2;35mTotal 34070 observations\u001B[0m; each percentile contains 340.70 observations
            sockperf: ---> <MAX> observation = 2790.243
            sockperf: ---> percentile 99.999 = 2790.243
            sockperf: ---> percentile 99.990 = 2119.350
            sockperf: ---> percentile 99.900 =  818.352
            sockperf: ---> percentile 99.000 =  125.167
            sockperf: ---> percentile 90.000 =   42.119
            sockperf: ---> percentile 75.000 =   41.378
            sockperf: ---> percentile 50.000 =   40.887
            sockperf: ---> percentile 25.000 =   40.466
            sockperf: ---> <MIN> observation =   35.998
            """;

    @Test
    void iperfTcp_takesTheReceiversRate() {
        IperfReport r = IperfReport.parse(IPERF_TCP);
        assertThat(r.receivedGbps()).isCloseTo(5.2947, within(1e-4));
        assertThat(r.sentBps()).isCloseTo(5301545237.0, within(1.0));
        assertThat(r.lostPercent()).isZero();
    }

    @Test
    void iperfUdp_skipsTheWarningBeforeTheJson_andKeepsTheLoss() {
        IperfReport r = IperfReport.parse(IPERF_UDP);
        assertThat(r.receivedBps()).isCloseTo(707509005.87, within(1.0));
        assertThat(r.sentBps()).isCloseTo(746473660.76, within(1.0));
        assertThat(r.lostPercent()).isCloseTo(5.1011, within(1e-4));
    }

    @Test
    void iperfErrors_carryIperfsOwnWords_andRefusalIsRetryable() {
        assertThatThrownBy(() -> IperfReport.parse("""
                {"start": {}, "intervals": [], "end": {},
                 "error": "unable to connect to server: Connection refused"}
                """)).hasMessage("iperf3: unable to connect to server: Connection refused")
                .satisfies(e -> assertThat(Iperf.retryable(e.getMessage())).isTrue());
        assertThat(Iperf.retryable("iperf3: the server is busy running a test. try again later")).isTrue();
        assertThat(Iperf.retryable("iperf3: parameter error - must specify a valid port")).isFalse();
        assertThatThrownBy(() -> IperfReport.parse("ip: command not found")).hasMessageContaining("no JSON");
        assertThatThrownBy(() -> IperfReport.parse("{\"start\": {}, \"end\": {}}")).hasMessageContaining("sum_received");
        assertThatThrownBy(() -> IperfReport.parse("{\"end\": ")).hasMessageContaining("unreadable");
    }

    @Test
    void sockperf_percentilesWithoutColourCodes() {
        SockperfReport r = SockperfReport.parse(SOCKPERF);
        assertThat(r.p50Us()).isEqualTo(40.887);
        assertThat(r.p99Us()).isEqualTo(125.167);
        assertThat(r.observations()).isEqualTo(34070);
    }

    @Test
    void sockperf_refusedIsRetryable_andMissingPercentilesFail() {
        String refused = "sockperf: ERROR: Can`t connect socket (errno=111 Connection refused)\n";
        assertThat(Sockperf.refused(refused)).isTrue();
        assertThatThrownBy(() -> SockperfReport.parse(refused)).hasMessageContaining("no percentile 50.000")
                .hasMessageContaining("Connection refused");
        assertThat(Sockperf.refused(SOCKPERF)).isFalse();
    }
}
