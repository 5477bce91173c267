/**
 * The reference semantics ({@link dev.weft.policy.eval.PolicyEvaluator}) and its explanation
 * ({@link dev.weft.policy.eval.Explain}). Written for clarity, not speed: it loops over policies and rules
 * for one connection, and is the oracle the compiler is tested against. A verdict names the policies that
 * isolate each end and every (policy, rule, peer) that allowed, so {@code weft policy explain} can say why.
 */
package dev.weft.policy.eval;
