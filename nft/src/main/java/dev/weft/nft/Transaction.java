package dev.weft.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An ordered list of nft commands, rendered as one {@code nft -f} script and applied all or
 * nothing. Names are checked here so that a typo fails before the kernel sees anything.
 */
public final class Transaction {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_\\-]{0,63}");

    private final List<String> lines = new ArrayList<>();

    /** Checks an nftables object name (table, chain, set); returns it. */
    public static String name(String n) {
        if (n == null || !NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("invalid nftables name: \"" + n + "\"");
        }
        return n;
    }

    static String quote(String comment) {
        if (comment.contains("\"") || comment.contains("\n") || comment.length() > 128) {
            throw new IllegalArgumentException("invalid nftables comment: \"" + comment + "\"");
        }
        return "\"" + comment + "\"";
    }

    private Transaction line(String l) {
        lines.add(l);
        return this;
    }

    /** {@code add table}: creates it if missing, a no-op otherwise. */
    public Transaction addTable(Family f, String table) {
        return line("add table " + f.text() + " " + name(table));
    }

    public Transaction deleteTable(Family f, String table) {
        return line("delete table " + f.text() + " " + name(table));
    }

    /** {@code add chain}; with a hook spec ({@code type nat hook postrouting priority srcnat;}) it is a base chain. */
    public Transaction addChain(Family f, String table, String chain, String baseSpec) {
        String spec = baseSpec == null || baseSpec.isBlank() ? "" : " { " + baseSpec.strip() + " }";
        return line("add chain " + f.text() + " " + name(table) + " " + name(chain) + spec);
    }

    public Transaction flushChain(Family f, String table, String chain) {
        return line("flush chain " + f.text() + " " + name(table) + " " + name(chain));
    }

    public Transaction deleteChain(Family f, String table, String chain) {
        return line("delete chain " + f.text() + " " + name(table) + " " + name(chain));
    }

    /** {@code add rule} with an optional comment (weft's key for finding the rule again). */
    public Transaction addRule(Family f, String table, String chain, String rule, String comment) {
        String c = comment == null ? "" : " comment " + quote(comment);
        return line("add rule " + f.text() + " " + name(table) + " " + name(chain) + " " + rule.strip() + c);
    }

    /** {@code insert rule}: as {@link #addRule}, at the top of the chain (before any rule there). */
    public Transaction insertRule(Family f, String table, String chain, String rule, String comment) {
        String c = comment == null ? "" : " comment " + quote(comment);
        return line("insert rule " + f.text() + " " + name(table) + " " + name(chain) + " " + rule.strip() + c);
    }

    public Transaction deleteRule(Family f, String table, String chain, long handle) {
        return line("delete rule " + f.text() + " " + name(table) + " " + name(chain) + " handle " + handle);
    }

    /** {@code add set} with a body such as {@code type ipv4_addr; flags interval;}. */
    public Transaction addSet(Family f, String table, String set, String body) {
        return line("add set " + f.text() + " " + name(table) + " " + name(set) + " { " + body.strip() + " }");
    }

    /** {@code add map} with a body such as {@code type ipv4_addr : verdict;} (a verdict map). */
    public Transaction addMap(Family f, String table, String map, String body) {
        return line("add map " + f.text() + " " + name(table) + " " + name(map) + " { " + body.strip() + " }");
    }

    public Transaction deleteSet(Family f, String table, String set) {
        return line("delete set " + f.text() + " " + name(table) + " " + name(set));
    }

    public Transaction deleteMap(Family f, String table, String map) {
        return line("delete map " + f.text() + " " + name(table) + " " + name(map));
    }

    /** Elements of a set, or of a map ({@code 10.0.0.1 : jump chain}); nothing when the list is empty. */
    public Transaction addElements(Family f, String table, String set, List<String> elements) {
        if (elements.isEmpty()) {
            return this;
        }
        return line("add element " + f.text() + " " + name(table) + " " + name(set) + " { "
                + String.join(", ", elements) + " }");
    }

    public Transaction deleteElements(Family f, String table, String set, List<String> elements) {
        if (elements.isEmpty()) {
            return this;
        }
        return line("delete element " + f.text() + " " + name(table) + " " + name(set) + " { "
                + String.join(", ", elements) + " }");
    }

    public Transaction flushSet(Family f, String table, String set) {
        return line("flush set " + f.text() + " " + name(table) + " " + name(set));
    }

    /** Appends {@code other}'s commands after these: both apply in one transaction, all or nothing. */
    public Transaction append(Transaction other) {
        lines.addAll(other.lines);
        return this;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The {@code nft -f} script. */
    public String render() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    @Override
    public String toString() {
        return render();
    }
}
