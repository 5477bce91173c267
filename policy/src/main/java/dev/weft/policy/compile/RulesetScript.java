package dev.weft.policy.compile;

import dev.weft.nft.Family;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns rulesets into nft scripts. Each script is one {@code nft -f} transaction, so the kernel swaps
 * from the old rules to the new ones with no moment in between. Objects are created before anything
 * refers to them and deleted after nothing does, which nft checks within a transaction too.
 */
final class RulesetScript {
    static final String TABLE = "weft_policy";

    private RulesetScript() {
    }

    /** {@code add table; delete table; add table; …}: replaces whatever was there, atomically. */
    static NftScript full(Ruleset r) {
        NftScript s = body(r);
        BaseChains.add(s);
        return s;
    }

    /** The whole table for one pod's own namespace, its node's addresses exempt ({@link BaseChains#addInPod}). */
    static NftScript fullInPod(Ruleset r, List<dev.weft.net.IpAddress> node) {
        NftScript s = body(r);
        BaseChains.addInPod(s, node);
        return s;
    }

    private static NftScript body(Ruleset r) {
        NftScript s = new NftScript(Family.INET, TABLE);
        s.addTable().deleteTable().addTable();
        r.sets().values().forEach(set -> declare(s, set));
        r.chains().values().forEach(c -> s.addChain(c.name(), ""));
        r.chains().values().forEach(c -> c.rules().forEach(rule -> s.addRule(c.name(), rule)));
        r.sets().values().forEach(set -> s.addElements(set.name(), set.renderedElements()));
        return s;
    }

    /**
     * Only what changed: new sets and chains, element deletes then adds (a map element that changes
     * chain is deleted and re-added), then chains and sets nothing uses any more. Pod chains are named
     * by content, so a chain is never edited in place.
     */
    static NftScript diff(Ruleset old, Ruleset now) {
        NftScript s = new NftScript(Family.INET, TABLE);
        for (NftSet set : now.sets().values()) {
            NftSet before = old.sets().get(set.name());
            if (before != null && !before.sameShape(set)) {
                throw new IllegalStateException("set " + set.name() + " changed type; recompile in full");
            }
            if (before == null) {
                declare(s, set);
            }
        }
        for (PodChain c : now.chains().values()) {
            PodChain before = old.chains().get(c.name());
            if (before != null && !before.log().equals(c.log())) {
                throw new IllegalStateException("chain " + c.name() + " logs differently; recompile in full");
            }
            if (before == null) {
                s.addChain(c.name(), "");
                c.rules().forEach(rule -> s.addRule(c.name(), rule));
            }
        }
        for (NftSet set : old.sets().values()) {
            NftSet after = now.sets().get(set.name());
            if (after != null) {
                s.deleteElements(set.name(), changedKeys(set, after));
            }
        }
        for (NftSet set : now.sets().values()) {
            NftSet before = old.sets().get(set.name());
            List<String> added = before == null ? set.renderedElements()
                    : changedKeys(set, before).stream().map(set::element).toList();
            s.addElements(set.name(), added);
        }
        old.chains().keySet().stream().filter(n -> !now.chains().containsKey(n)).forEach(s::deleteChain);
        old.sets().values().stream().filter(set -> !now.sets().containsKey(set.name()))
                .forEach(set -> s.deleteSet(set.name(), set.verdictMap()));
        return s;
    }

    /** Keys of {@code a} that {@code b} lacks or maps to something else. */
    private static List<String> changedKeys(NftSet a, NftSet b) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : a.elements().entrySet()) {
            if (!e.getValue().equals(b.elements().get(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static void declare(NftScript s, NftSet set) {
        if (set.verdictMap()) {
            s.addMap(set.name(), set.body());
        } else {
            s.addSet(set.name(), set.body());
        }
    }
}
