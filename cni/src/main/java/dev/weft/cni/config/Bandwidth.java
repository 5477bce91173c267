package dev.weft.cni.config;

/** The {@code bandwidth} capability: rates in bits per second, bursts in bits; 0 means unlimited. */
public record Bandwidth(long ingressRate, long ingressBurst, long egressRate, long egressBurst) {
    public Bandwidth {
        if (ingressRate < 0 || ingressBurst < 0 || egressRate < 0 || egressBurst < 0) {
            throw new IllegalArgumentException("bandwidth values must not be negative");
        }
    }
}
