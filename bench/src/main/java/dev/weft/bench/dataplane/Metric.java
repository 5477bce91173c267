package dev.weft.bench.dataplane;

/** The figures measured per mode, with their JSON names; throughput is Gbps, latency µs. */
public enum Metric {
    TCP("tcp_gbps", "tcp", true),
    TCP_MULTI("tcp_multi_gbps", "tcp_multi", true),
    UDP("udp_gbps", "udp", true),
    RR_P50("rr_p50_us", "rr_p50", false),
    RR_P99("rr_p99_us", "rr_p99", false);

    private final String key;
    private final String ratioKey;
    private final boolean throughput;

    Metric(String key, String ratioKey, boolean throughput) {
        this.key = key;
        this.ratioKey = ratioKey;
        this.throughput = throughput;
    }

    public String key() {
        return key;
    }

    public String ratioKey() {
        return ratioKey;
    }

    /** Throughput (higher is better) rather than latency (lower is better). */
    public boolean throughput() {
        return throughput;
    }
}
