package dev.weft.doctor.check;

import dev.weft.doctor.finding.Finding;

import java.util.Optional;

/**
 * Which fast path carries the bgp backend's routed pods, as the kernel holds it: weft's eBPF
 * programs (tcx ingress: {@code weft_from_pod} on fast pods' host veths, {@code weft_to_pod} on the
 * uplinks, and the pods in their map), or the nftables table {@code netdev weft_fast}. One of the
 * two, or none, is expected; both at once, or either under another backend, is something an
 * earlier agent left (an agent of the bgp backend removes what it does not use at start).
 */
public final class FastPathCheck {
    public static final String NAME = "policy.fastpath";
    public static final String TABLE = "netdev weft_fast";

    private FastPathCheck() {
    }

    /**
     * What the kernel holds: how many devices carry each of the two programs, how many pods their
     * map holds, and whether the nftables table exists (empty: the ruleset could not be listed).
     */
    public record Seen(int podDevices, int uplinkDevices, int fastPods, Optional<Boolean> nftTable) {
        boolean ebpf() {
            return podDevices + uplinkDevices > 0;
        }

        boolean nft() {
            return nftTable.orElse(false);
        }
    }

    public static Finding interpret(String backend, Seen seen) {
        String programs = "eBPF programs on " + seen.podDevices() + " host veth(s) and " + seen.uplinkDevices()
                + " uplink(s), " + seen.fastPods() + " pod(s) in their map";
        if (!backend.equals("bgp")) {
            if (seen.ebpf() || seen.nft()) {
                return Finding.warn(NAME, "the " + backend + " backend has no fast path, yet the kernel holds one: "
                                + (seen.ebpf() ? programs : "") + (seen.ebpf() && seen.nft() ? "; " : "")
                                + (seen.nft() ? "table " + TABLE : ""),
                        "an agent of the bgp backend ran here before: restart the node, or remove them (nft delete table "
                                + TABLE + "; bpftool net detach tcx_ingress dev DEVICE)");
            }
            return Finding.info(NAME, "none: the " + backend + " backend's pods take the kernel's forward path");
        }
        if (seen.ebpf() && seen.nft()) {
            return Finding.warn(NAME, "both " + programs + " and table " + TABLE + ": one is an earlier agent's",
                    "restart the agent: at start it removes the fast path it does not use");
        }
        if (seen.ebpf()) {
            return Finding.ok(NAME, "ebpf: " + programs);
        }
        if (seen.nft()) {
            return Finding.ok(NAME, "nftables: table " + TABLE);
        }
        return Finding.info(NAME, "none in the kernel" + (seen.nftTable().isEmpty() ? " (the ruleset could not be listed)" : "")
                + ": pods take the kernel's forward path (the cluster's pods come from a pool, which has no fast path;"
                + " the agent runs with --fast-path off; every pod is isolated by a policy; or no other node's subnet"
                + " is routed yet)");
    }
}
