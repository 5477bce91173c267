package dev.weft.policy.eval;

import dev.weft.policy.PolicyType;

import java.util.List;

/**
 * Whether a connection is allowed, and why: Kubernetes allows it only if the source's egress side
 * and the destination's ingress side both do, so each side carries its own explanation.
 */
public record Verdict(boolean allowed, Side egress, Side ingress) {

    /** How one side decided. */
    public enum Outcome {
        /** This end is not a pod, so no policy applies on this side. */
        NOT_A_POD(true),
        /** No policy selects the pod for this direction. */
        NOT_ISOLATED(true),
        /** The other end is the pod's own node, which is always allowed. */
        NODE_LOCAL(true),
        /** At least one rule of a selecting policy matched. */
        ALLOWED_BY_RULE(true),
        /** Policies select the pod and none of their rules matched. */
        NO_RULE_ALLOWED(false);

        private final boolean allows;

        Outcome(boolean allows) {
            this.allows = allows;
        }

        public boolean allows() {
            return allows;
        }
    }

    /**
     * @param selecting keys of the policies isolating the pod in this direction
     * @param allowedBy every rule and peer that matched (empty unless {@link Outcome#ALLOWED_BY_RULE})
     */
    public record Side(PolicyType direction, Outcome outcome, List<String> selecting, List<RuleRef> allowedBy) {
        public Side {
            selecting = List.copyOf(selecting);
            allowedBy = List.copyOf(allowedBy);
        }
    }

    public Verdict {
        if (allowed != (egress.outcome().allows() && ingress.outcome().allows())) {
            throw new IllegalArgumentException("verdict contradicts its sides");
        }
    }

    static Verdict of(Side egress, Side ingress) {
        return new Verdict(egress.outcome().allows() && ingress.outcome().allows(), egress, ingress);
    }
}
