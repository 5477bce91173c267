package dev.weft.node.policy;

import java.util.Locale;

/**
 * Which fast path the agent keeps for routed pods (bgp): eBPF programs when the kernel loads them
 * (else the nftables table), the nftables table, or none (every packet takes the kernel's path).
 */
public enum FastPathMode {
    EBPF, NFTABLES, OFF;

    /** {@code ebpf}, {@code nftables} or {@code off}; anything else is refused naming the option. */
    public static FastPathMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fast-path: " + text + " is not one of ebpf, nftables, off");
        }
    }
}
