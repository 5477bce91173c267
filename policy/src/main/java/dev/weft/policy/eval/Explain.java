package dev.weft.policy.eval;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of {@code weft policy explain FROM TO PORT/PROTO}: the verdict first, then one paragraph
 * per side saying which policies select the pod and which rule allowed, or that none did.
 */
public final class Explain {
    private Explain() {
    }

    /** Evaluates and explains in one step: what the CLI calls. */
    public static String explain(ClusterSnapshot cluster, Endpoint from, Endpoint to, int port, Protocol proto) {
        return text(PolicyEvaluator.evaluate(cluster, from, to, port, proto), from, to, port, proto);
    }

    public static String text(Verdict v, Endpoint from, Endpoint to, int port, Protocol proto) {
        List<String> lines = new ArrayList<>();
        lines.add((v.allowed() ? "ALLOWED" : "DENIED") + ": " + from + " -> " + to + " port " + port + "/" + proto);
        side(lines, v.egress(), from);
        side(lines, v.ingress(), to);
        return String.join("\n", lines) + "\n";
    }

    private static void side(List<String> out, Verdict.Side side, Endpoint self) {
        String head = "  " + (side.direction() == PolicyType.EGRESS ? "egress from " : "ingress to ") + self + ": ";
        String dir = side.direction().text();
        String what = switch (side.outcome()) {
            case NOT_A_POD -> "allowed (not a pod, no policy applies)";
            case NOT_ISOLATED -> "allowed (not isolated: no policy selects it for " + dir + ")";
            case NODE_LOCAL -> "allowed (traffic with the pod's own node is always allowed)";
            case ALLOWED_BY_RULE -> "allowed";
            case NO_RULE_ALLOWED -> "denied (no rule allowed)";
        };
        out.add(head + what);
        if (!side.selecting().isEmpty()) {
            out.add("    isolated for " + dir + " by: " + String.join(", ", side.selecting()));
        }
        if (!side.allowedBy().isEmpty()) {
            out.add("    allowed by: " + side.allowedBy().stream().map(RuleRef::toString)
                    .collect(Collectors.joining(", ")));
        }
    }
}
