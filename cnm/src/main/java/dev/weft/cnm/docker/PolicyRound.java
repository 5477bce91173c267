package dev.weft.cnm.docker;

import java.time.Duration;

/**
 * The node's policy enforcement as the publisher sees it: in the agent, a policy round that
 * begins after the call and applies ({@code AgentRuntime.enforcePolicyNow}), so the records and
 * labels written before it are enforced on this node.
 */
@FunctionalInterface
public interface PolicyRound {
    /** No enforcement to wait for ({@code weft cnm serve} alone, tests). */
    PolicyRound NONE = timeout -> true;

    /** Waits for a round begun after this call; false when none applied within {@code timeout}. */
    boolean enforceNow(Duration timeout) throws InterruptedException;
}
