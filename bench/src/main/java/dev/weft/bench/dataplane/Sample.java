package dev.weft.bench.dataplane;

/**
 * One repeat's figures for one mode; a metric that failed is {@code NaN} and is left out of
 * medians and ratios.
 */
public record Sample(double tcpGbps, double tcpMultiGbps, double udpGbps, double udpLossPct, double rrP50Us,
                     double rrP99Us) {

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
