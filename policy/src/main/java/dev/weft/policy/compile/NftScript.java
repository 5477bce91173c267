package dev.weft.policy.compile;

import dev.weft.nft.Family;
import dev.weft.nft.Transaction;

import java.util.List;

/**
 * A {@link Transaction} bound to one table, in the shape the policy compiler writes: every command
 * names the same family and table, so the compiler's code says only what changes. Applied, like
 * any transaction, in one {@code nft -f -}.
 */
public final class NftScript {
    private final Family family;
    private final String table;
    private final Transaction tx = new Transaction();

    public NftScript(Family family, String table) {
        this.family = family;
        this.table = table;
        new Transaction().addTable(family, table); // checks the name now, not when first used
    }

    public NftScript addTable() {
        tx.addTable(family, table);
        return this;
    }

    public NftScript deleteTable() {
        tx.deleteTable(family, table);
        return this;
    }

    /** A regular chain, or with {@code baseSpec} ({@code type filter hook forward priority filter; policy accept;}) a base chain. */
    public NftScript addChain(String chain, String baseSpec) {
        tx.addChain(family, table, chain, baseSpec);
        return this;
    }

    public NftScript deleteChain(String chain) {
        tx.deleteChain(family, table, chain);
        return this;
    }

    /** A rule; its text carries its own comment. */
    public NftScript addRule(String chain, String rule) {
        tx.addRule(family, table, chain, rule, null);
        return this;
    }

    /** {@code add set} with a body such as {@code type ipv4_addr; flags interval;}. */
    public NftScript addSet(String set, String body) {
        tx.addSet(family, table, set, body);
        return this;
    }

    /** {@code add map} with a body such as {@code type ipv4_addr : verdict;}. */
    public NftScript addMap(String map, String body) {
        tx.addMap(family, table, map, body);
        return this;
    }

    public NftScript deleteSet(String set, boolean isMap) {
        if (isMap) {
            tx.deleteMap(family, table, set);
        } else {
            tx.deleteSet(family, table, set);
        }
        return this;
    }

    /** Elements of a set or map ({@code 10.0.0.1 : jump ingress_x}); nothing when the list is empty. */
    public NftScript addElements(String set, List<String> elements) {
        tx.addElements(family, table, set, elements);
        return this;
    }

    /** Deletes elements by key (for maps, the key alone). */
    public NftScript deleteElements(String set, List<String> keys) {
        tx.deleteElements(family, table, set, keys);
        return this;
    }

    /** The transaction to apply. */
    public Transaction transaction() {
        return tx;
    }

    public boolean isEmpty() {
        return tx.isEmpty();
    }

    public List<String> lines() {
        return tx.lines();
    }

    /** The script for {@code nft -f}: one atomic transaction. */
    public String render() {
        return tx.render();
    }

    @Override
    public String toString() {
        return render();
    }
}
