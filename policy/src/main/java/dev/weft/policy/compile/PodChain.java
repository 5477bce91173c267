package dev.weft.policy.compile;

import dev.weft.policy.PolicyType;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain holding the rules that apply to some local pods in one direction. Its name is a hash of its
 * content, so pods with the same policies share one chain and a chain never changes in place: a diff
 * only adds and deletes whole chains and moves pods between them by changing map elements.
 */
public record PodChain(String name, PolicyType direction, List<Term> terms, java.util.Optional<LogDrops> log) {

    public PodChain {
        dev.weft.nft.Transaction.name(name);
        terms = List.copyOf(terms);
        java.util.Objects.requireNonNull(log, "log");
    }

    /** A chain that drops without logging. */
    public PodChain(String name, PolicyType direction, List<Term> terms) {
        this(name, direction, terms, java.util.Optional.empty());
    }

    /**
     * The terms, then (when logging) the rate-limited log rule, then {@code drop}: a pod isolated
     * in this direction gets nothing no rule allowed.
     */
    public List<String> rules() {
        List<String> out = new ArrayList<>();
        terms.forEach(t -> out.add(t.render(direction)));
        log.ifPresent(l -> out.add(l.rule(name)));
        out.add("drop comment \"no rule allowed\"");
        return out;
    }
}
