package dev.weft.nft;

import dev.weft.lock.FileMutex;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A table weft owns whose rules are grouped by key across several chains: what
 * {@link TaggedRules} is for one chain, for features that need a few (port mappings: DNAT in
 * prerouting and output, masquerade in postrouting; the firewall: forward and isolation). The
 * {@link Skeleton} — chains, base-chain hooks and the static rules that tie them together — is
 * created with the first group; the table is deleted with the last group.
 *
 * <p>A chain holds either static rules or tagged ones, never both, so a chain whose static rules
 * were damaged is repaired by flushing it and adding them again in order, without touching any
 * attachment's rules. Static rules carry the comment {@value #STATIC}. Every list-then-change runs
 * under a host lock, so concurrent plugin processes (and the agent's threads) cannot interleave.
 */
public final class TaggedTable {
    /** The comment of skeleton rules. */
    public static final String STATIC = "weft:static";

    /** A chain of the skeleton; {@code baseSpec} (e.g. {@code type nat hook output priority dstnat;}) or null. */
    public record Chain(String name, String baseSpec) {
        public Chain {
            Transaction.name(name);
        }

        public static Chain regular(String name) {
            return new Chain(name, null);
        }
    }

    /** One rule in one chain. */
    public record Placed(String chain, String rule) {
        public Placed {
            Transaction.name(chain);
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** Chains in creation order, and the static rules, in order within each chain. */
    public record Skeleton(List<Chain> chains, List<Placed> staticRules) {
        public Skeleton {
            chains = List.copyOf(chains);
            staticRules = List.copyOf(staticRules);
            Set<String> names = new java.util.HashSet<>();
            chains.forEach(c -> names.add(c.name()));
            for (Placed p : staticRules) {
                if (!names.contains(p.chain())) {
                    throw new IllegalArgumentException("static rule in unknown chain " + p.chain());
                }
            }
        }

        boolean isStaticChain(String chain) {
            return staticRules.stream().anyMatch(p -> p.chain().equals(chain));
        }
    }

    /** A rule as listed: its chain, kernel handle and comment ("" when none). */
    public record Listed(String chain, long handle, String comment) {
    }

    private final Nft nft;
    private final FileMutex lock;
    private final Family family;
    private final String table;
    private final Skeleton skeleton;

    public TaggedTable(Nft nft, Path lockFile, Family family, String table, Skeleton skeleton) {
        this.nft = nft;
        this.lock = new FileMutex(lockFile);
        this.family = family;
        this.table = Transaction.name(table);
        this.skeleton = skeleton;
    }

    public Family family() {
        return family;
    }

    public String table() {
        return table;
    }

    /**
     * Makes {@code rules} the rules under {@code key}: nothing changes when exactly that many are
     * there in each chain already and the skeleton is whole; otherwise the key's old rules are
     * replaced, in one transaction that also creates or repairs the skeleton. Tagged rules may not
     * go into a static chain.
     */
    public void ensure(String key, List<Placed> rules) {
        for (Placed p : rules) {
            if (skeleton.isStaticChain(p.chain())) {
                throw new IllegalArgumentException("chain " + p.chain() + " holds static rules only");
            }
        }
        if (rules.isEmpty()) {
            remove(key);
            return;
        }
        lock.locked(() -> {
            Listing now = listing();
            List<Listed> mine = now.rules().stream().filter(l -> key.equals(l.comment())).toList();
            boolean whole = skeletonWhole(now);
            if (whole && counts(mine).equals(countsOf(rules))) {
                return null;
            }
            Transaction tx = new Transaction();
            if (!whole) {
                addSkeleton(tx, now);
            }
            mine.forEach(l -> tx.deleteRule(family, table, l.chain(), l.handle()));
            rules.forEach(p -> tx.addRule(family, table, p.chain(), p.rule(), key));
            nft.apply(tx);
            return null;
        });
    }

    /** Removes the rules under {@code key}; deletes the table when no tagged rule is left. */
    public void remove(String key) {
        lock.locked(() -> {
            removeLocked(l -> l.comment().equals(key));
            return null;
        });
    }

    /** Removes every tagged rule whose key starts with {@code prefix} and is not in {@code keep}. */
    public void retainOnly(String prefix, Set<String> keep) {
        lock.locked(() -> {
            removeLocked(l -> l.comment().startsWith(prefix) && !keep.contains(l.comment()));
            return null;
        });
    }

    /** How many rules {@code key} has in each chain (empty when none, or no table). */
    public Map<String, Integer> count(String key) {
        return counts(listing().rules().stream().filter(l -> key.equals(l.comment())).toList());
    }

    /** Whether the table, its chains and its static rules are all there. */
    public boolean skeletonWhole() {
        return skeletonWhole(listing());
    }

    /** The table as listed: whether it exists, its chains, its rules. */
    record Listing(boolean exists, Set<String> chains, List<Listed> rules) {
    }

    Listing listing() {
        Set<String> chains = new java.util.HashSet<>();
        List<Listed> rules = new ArrayList<>();
        var json = nft.listJson("table " + family.text() + " " + table);
        json.ifPresent(j -> {
            for (JsonNode item : j.path("nftables")) {
                if (item.path("chain").isObject()) {
                    chains.add(item.path("chain").path("name").asString(""));
                }
                JsonNode r = item.path("rule");
                if (r.isObject()) {
                    rules.add(new Listed(r.path("chain").asString(""), r.path("handle").asLong(),
                            r.path("comment").asString("")));
                }
            }
        });
        return new Listing(json.isPresent(), chains, rules);
    }

    /** The transaction that would create the table, its chains and static rules (pure; golden-tested). */
    public Transaction skeletonTransaction() {
        Transaction tx = new Transaction();
        addSkeleton(tx, new Listing(false, Set.of(), List.of()));
        return tx;
    }

    private void addSkeleton(Transaction tx, Listing now) {
        tx.addTable(family, table);
        skeleton.chains().forEach(c -> tx.addChain(family, table, c.name(), c.baseSpec()));
        for (Chain c : skeleton.chains()) {
            List<Placed> statics = skeleton.staticRules().stream().filter(p -> p.chain().equals(c.name())).toList();
            if (statics.isEmpty() || staticsIntact(now, c.name())) {
                continue;
            }
            if (now.chains().contains(c.name())) {
                tx.flushChain(family, table, c.name());
            }
            statics.forEach(p -> tx.addRule(family, table, p.chain(), p.rule(), STATIC));
        }
    }

    private boolean skeletonWhole(Listing now) {
        return now.exists() && skeleton.chains().stream().allMatch(c -> now.chains().contains(c.name())
                && (!skeleton.isStaticChain(c.name()) || staticsIntact(now, c.name())));
    }

    private boolean staticsIntact(Listing now, String chain) {
        long want = skeleton.staticRules().stream().filter(p -> p.chain().equals(chain)).count();
        List<Listed> have = now.rules().stream().filter(l -> l.chain().equals(chain)).toList();
        return have.size() == want && have.stream().allMatch(l -> l.comment().equals(STATIC));
    }

    private void removeLocked(Predicate<Listed> doom) {
        List<Listed> listed = listing().rules();
        List<Listed> tagged = listed.stream().filter(l -> !l.comment().equals(STATIC)).toList();
        List<Listed> doomed = tagged.stream().filter(doom).toList();
        if (doomed.isEmpty()) {
            return;
        }
        Transaction tx = new Transaction();
        if (doomed.size() == tagged.size()) {
            tx.deleteTable(family, table);
        } else {
            doomed.forEach(l -> tx.deleteRule(family, table, l.chain(), l.handle()));
        }
        nft.apply(tx);
    }

    private static Map<String, Integer> counts(List<Listed> rules) {
        Map<String, Integer> m = new LinkedHashMap<>();
        rules.forEach(l -> m.merge(l.chain(), 1, Integer::sum));
        return new java.util.TreeMap<>(m);
    }

    private static Map<String, Integer> countsOf(List<Placed> rules) {
        Map<String, Integer> m = new LinkedHashMap<>();
        rules.forEach(p -> m.merge(p.chain(), 1, Integer::sum));
        return new java.util.TreeMap<>(m);
    }
}
