package dev.weft.nft;

import dev.weft.lock.FileMutex;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rules in a table weft owns, one group per attachment, found again by their comment
 * ({@code weft:NETWORK:HASH}). The table appears with the first rule and is deleted with the last;
 * list-then-change runs under a host lock, so concurrent plugin processes cannot interleave.
 */
public final class TaggedRules {
    private final Nft nft;
    private final FileMutex lock;
    private final Family family;
    private final String table;
    private final String chain;
    private final String baseChainSpec;

    public TaggedRules(Nft nft, Path lockFile, Family family, String table, String chain, String baseChainSpec) {
        this.nft = nft;
        this.lock = new FileMutex(lockFile);
        this.family = family;
        this.table = Transaction.name(table);
        this.chain = Transaction.name(chain);
        this.baseChainSpec = baseChainSpec;
    }

    /**
     * The comment that identifies one attachment's rules: {@code weft:NETWORK:HASH}, the hash of
     * container ID and interface (IDs are 64 characters; comments are at most 128).
     */
    public static String key(String network, String containerId, String ifName) {
        return prefix(network) + NameHash.hex(containerId + "\n" + ifName, 12);
    }

    /** Rules of one network share this prefix. */
    static String prefix(String network) {
        return "weft:" + (network.length() <= 64 ? network : NameHash.hex(network, 16)) + ":";
    }

    /** Adds {@code rules} under {@code key} unless rules with that key exist (idempotent). */
    public void ensure(String key, List<String> rules) {
        lock.locked(() -> {
            if (has(key)) {
                return null;
            }
            Transaction tx = new Transaction().addTable(family, table).addChain(family, table, chain, baseChainSpec);
            rules.forEach(r -> tx.addRule(family, table, chain, r, key));
            nft.apply(tx);
            return null;
        });
    }

    /** Removes the rules under {@code key}; deletes the table when none is left. */
    public void remove(String key) {
        lock.locked(() -> {
            removeLocked(r -> r.comment.equals(key));
            return null;
        });
    }

    /** Removes every rule of {@code network} whose key is not in {@code validKeys}; other networks' stay. */
    public void retainOnly(String network, Set<String> validKeys) {
        String prefix = prefix(network);
        lock.locked(() -> {
            removeLocked(r -> r.comment.startsWith(prefix) && !validKeys.contains(r.comment));
            return null;
        });
    }

    public boolean has(String key) {
        return rules().stream().anyMatch(r -> key.equals(r.comment));
    }

    private void removeLocked(Predicate<Rule> doom) {
        List<Rule> rules = rules();
        List<Rule> doomed = rules.stream().filter(doom).toList();
        if (doomed.isEmpty()) {
            return;
        }
        Transaction tx = new Transaction();
        if (doomed.size() == rules.size()) {
            tx.deleteTable(family, table);
        } else {
            doomed.forEach(r -> tx.deleteRule(family, table, chain, r.handle));
        }
        nft.apply(tx);
    }

    private record Rule(long handle, String comment) {
    }

    private List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        nft.listJson("chain " + family.text() + " " + table + " " + chain).ifPresent(json -> {
            for (JsonNode item : json.path("nftables")) {
                JsonNode r = item.path("rule");
                if (r.isObject()) {
                    out.add(new Rule(r.path("handle").asLong(), r.path("comment").asString("")));
                }
            }
        });
        return out;
    }
}
