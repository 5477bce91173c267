package dev.weft.doctor.check;

import dev.weft.doctor.finding.Finding;
import dev.weft.nft.Nft;
import dev.weft.node.policy.PolicyHealth;

import java.util.Optional;

/**
 * Policy rounds succeed: the agent reports its rounds in its status file ({@code policy}: rounds
 * that applied, rounds that failed, the last failure), so a failing round is seen even while the
 * last good round's table stays in the kernel; and the table {@code inet weft_policy} must be there
 * (someone may have flushed the ruleset since). An agent whose status has no {@code policy} runs
 * with {@code --no-policy}, or is older than this check.
 */
public final class PolicyCheck {
    public static final String TABLE = "inet weft_policy";

    private PolicyCheck() {
    }

    /** The agent's own account of its rounds; {@code health} empty: no status, or no policy in it. */
    public static Finding rounds(Optional<PolicyHealth> health, long nowMillis) {
        if (health.isEmpty()) {
            return Finding.info("policy.rounds", "the agent reports no policy rounds (--no-policy, or no status file)");
        }
        PolicyHealth h = health.get();
        if (h.failing()) {
            return Finding.fail("policy.rounds", "the last policy round failed (" + h.failedRounds() + " failed, "
                            + h.okRounds() + " applied): " + h.lastError()
                            + (h.okRounds() > 0 ? "; the kernel keeps the round of " + (nowMillis - h.lastOkMillis()) / 1000
                            + " s ago" : "; no round has applied yet"),
                    "fix what the error names (nft missing or refusing the ruleset, the datastore unreachable); the agent"
                            + " retries every resync");
        }
        if (h.okRounds() == 0) {
            return Finding.warn("policy.rounds", "no policy round has finished yet", "wait for the agent's first round");
        }
        return Finding.ok("policy.rounds", h.okRounds() + " rounds applied, the last " + (nowMillis - h.lastOkMillis()) / 1000
                + " s ago" + (h.failedRounds() > 0 ? " (" + h.failedRounds() + " failed earlier)" : ""));
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
