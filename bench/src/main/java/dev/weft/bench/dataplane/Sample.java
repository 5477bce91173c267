package dev.weft.bench.dataplane;

/**
 * One repeat's figures for one mode; a metric that failed is {@code NaN} and is left out of
 * medians and ratios. {@code cpuSecPerGbit}: CPU-seconds per gigabit received in the one-stream TCP
 * run — iperf3's own CPU at both ends (user + system: the kernel's TCP/IP, veth and VXLAN work done
 * in their context) plus, for udp modes, the datapath processes' (both nodes); {@code syscallsPerPacket}
 * (udp modes only, else NaN): the datapath processes' system calls per packet they moved in that run.
 */
public record Sample(double tcpGbps, double tcpMultiGbps, double udpGbps, double udpLossPct, double rrP50Us,
                     double rrP99Us, double cpuSecPerGbit, double syscallsPerPacket) {

    public Sample(double tcpGbps, double tcpMultiGbps, double udpGbps, double udpLossPct, double rrP50Us, double rrP99Us) {
        this(tcpGbps, tcpMultiGbps, udpGbps, udpLossPct, rrP50Us, rrP99Us, Double.NaN, Double.NaN);
    }

    public double get(Metric m) {
        return switch (m) {
            case TCP -> tcpGbps;
            case TCP_MULTI -> tcpMultiGbps;
            case UDP -> udpGbps;
            case RR_P50 -> rrP50Us;
            case RR_P99 -> rrP99Us;
        };
    }
}
