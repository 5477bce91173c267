package dev.weft.doctor.check;

import dev.weft.doctor.finding.Finding;
import dev.weft.nft.Nft;

import java.util.Optional;

/**
 * Policy rounds succeed: the agent's first round writes {@code inet weft_policy} whole and later
 * rounds keep it, so a missing table means the rounds fail (or the agent runs with
 * {@code --no-policy}). A table that is there but stale is not seen here (the limit of looking from
 * outside the agent).
 */
public final class PolicyCheck {
    public static final String TABLE = "inet weft_policy";

    private PolicyCheck() {
    }

    public static Finding run(Nft nft, boolean underlay) {
        if (underlay) {
            return Finding.info("policy.table", "the underlay enforces policy in each pod's namespace");
        }
        try {
            return interpret(Optional.of(nft.listJson("table " + TABLE).isPresent()), "");
        } catch (RuntimeException e) {
            return interpret(Optional.empty(), String.valueOf(e.getMessage()));
        }
    }

    public static Finding interpret(Optional<Boolean> present, String error) {
        if (present.isEmpty()) {
            return Finding.fail("policy.table", "cannot list nftables: " + error, "install nftables (nft) on this node");
        }
        return present.get()
                ? Finding.ok("policy.table", TABLE + " is in place")
                : Finding.warn("policy.table", "no " + TABLE + ": policy rounds fail, or the agent runs with --no-policy",
                        "see the agent's log for \"policy round failed\"");
    }
}
