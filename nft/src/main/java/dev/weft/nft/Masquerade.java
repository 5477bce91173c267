package dev.weft.nft;

import dev.weft.lock.FileMutex;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Source NAT for pods leaving their network ({@code ipMasq}), in weft's own table
 * {@code inet weft_masq}: one masquerade rule per pod address, tagged with a comment derived from
 * (network, container ID, interface). The table appears with the first rule and is deleted with
 * the last; list-then-change runs under a host lock so concurrent plugins cannot interleave.
 */
public final class Masquerade {
    public static final String TABLE = "weft_masq";
    public static final String CHAIN = "postrouting";
    public static final Path DEFAULT_LOCK = Path.of("/run/weft/masq.lock");

    private final Nft nft;
    private final FileMutex lock;

    public Masquerade(Nft nft, Path lockFile) {
        this.nft = nft;
        this.lock = new FileMutex(lockFile);
    }

    /**
     * The comment that identifies one attachment's rules: {@code weft:NETWORK:HASH}, the hash of
     * container ID and interface (IDs are 64 characters; comments are at most 128).
     */
    public static String key(String network, String containerId, String ifName) {
        return prefix(network) + hash(containerId + "\n" + ifName, 12);
    }

    /** Rules of one network share this prefix. */
    static String prefix(String network) {
        return "weft:" + (network.length() <= 64 ? network : hash(network, 16)) + ":";
    }

    private static String hash(String s, int bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** The rule text for one address (pure; golden-tested). */
    static String rule(InterfaceAddress pod, Cidr network) {
        String fam = pod.isV4() ? "ip" : "ip6";
        String multicast = pod.isV4() ? "224.0.0.0/4" : "ff00::/8";
        return fam + " saddr " + pod.address() + " " + fam + " daddr != " + network + " " + fam + " daddr != "
                + multicast + " masquerade";
    }

    /** Adds the rules for an attachment unless rules with its key exist (idempotent). */
    public void ensure(String key, List<InterfaceAddress> addresses) {
        lock.locked(() -> {
            if (!handles(key).isEmpty()) {
                return null;
            }
            Transaction tx = new Transaction()
                    .addTable(Family.INET, TABLE)
                    .addChain(Family.INET, TABLE, CHAIN, "type nat hook postrouting priority srcnat; policy accept;");
            for (InterfaceAddress a : addresses) {
                tx.addRule(Family.INET, TABLE, CHAIN, rule(a, a.network()), key);
            }
            nft.apply(tx);
            return null;
        });
    }

    /** Removes an attachment's rules; deletes the table when no rule is left. */
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

    /** Whether any rule carries {@code key}. */
    public boolean has(String key) {
        return !handles(key).isEmpty();
    }

    private void removeLocked(java.util.function.Predicate<Rule> doom) {
        List<Rule> rules = rules();
        List<Rule> doomed = rules.stream().filter(doom).toList();
        if (doomed.isEmpty()) {
            return;
        }
        Transaction tx = new Transaction();
        if (doomed.size() == rules.size()) {
            tx.deleteTable(Family.INET, TABLE);
        } else {
            doomed.forEach(r -> tx.deleteRule(Family.INET, TABLE, CHAIN, r.handle));
        }
        nft.apply(tx);
    }

    private List<Long> handles(String key) {
        return rules().stream().filter(r -> key.equals(r.comment)).map(r -> r.handle).toList();
    }

    private record Rule(long handle, String comment) {
    }

    private List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        nft.listJson("chain inet " + TABLE + " " + CHAIN).ifPresent(json -> {
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
