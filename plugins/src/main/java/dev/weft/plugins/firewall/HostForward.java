package dev.weft.plugins.firewall;

import dev.weft.lock.FileMutex;
import dev.weft.net.IpAddress;
import dev.weft.nft.Nft;
import dev.weft.nft.Transaction;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * weft-firewall's accepts in the host's own forward chains (iptables-nft's {@code ip filter
 * FORWARD} by default): a chain {@value #CHAIN} of weft's in that table, reached by one rule
 * {@code jump WEFT-FIREWALL} (comment {@value #JUMP}) inserted at the top of the host's chain,
 * holding per address {@code ip saddr P counter accept} and {@code ip daddr P counter accept}
 * tagged with the attachment's key. The jump and the chain go with the last tagged rule. A host
 * chain that does not exist is left alone (nothing to open).
 *
 * <p>The rules are only what iptables-nft can read back (addresses, counter, comment, jump):
 * a native {@code ct state} there makes {@code iptables-save} print "table `filter' is
 * incompatible" and nothing else, which would break every iptables user on the host. So replies
 * are not told from new flows here: the host's chain accepts every flow into the pod, which is
 * what {@code ingressPolicy open} means in weft; {@code same-bridge} and {@code isolated} drop in
 * weft's own table, and a drop anywhere on the hook is final.
 */
final class HostForward {
    static final String CHAIN = "WEFT-FIREWALL";
    static final String JUMP = "weft-firewall";

    private final Nft nft;
    private final FileMutex lock;

    HostForward(Nft nft, Path lockFile) {
        this.nft = nft;
        this.lock = new FileMutex(lockFile);
    }

    /** The rules of one attachment in one host chain's table (pure; golden-tested). */
    static List<String> rules(HostChain hc, List<IpAddress> pod) {
        List<String> out = new ArrayList<>();
        for (IpAddress a : pod) {
            if (hc.carries(a)) {
                String ipx = a.isV4() ? "ip" : "ip6";
                out.add(ipx + " saddr " + a + " counter accept");
                out.add(ipx + " daddr " + a + " counter accept");
            }
        }
        return out;
    }

    /** A rule as listed in the host's table. */
    private record Listed(String chain, long handle, String comment) {
    }

    /** The host chain's table as listed: whether the chain is a base chain there, and its rules. */
    private record Listing(boolean hooked, List<Listed> rules) {
        List<Listed> of(String chain, Predicate<String> comment) {
            return rules.stream().filter(l -> l.chain().equals(chain) && comment.test(l.comment())).toList();
        }
    }

    private Listing list(HostChain hc) {
        List<Listed> rules = new ArrayList<>();
        boolean[] hooked = {false};
        nft.listJson("table " + hc.family().text() + " " + hc.table()).ifPresent(j -> {
            for (JsonNode item : j.path("nftables")) {
                JsonNode c = item.path("chain");
                if (c.isObject() && c.path("name").asString("").equals(hc.chain()) && c.path("hook").isString()) {
                    hooked[0] = true;
                }
                JsonNode r = item.path("rule");
                if (r.isObject()) {
                    rules.add(new Listed(r.path("chain").asString(""), r.path("handle").asLong(), r.path("comment").asString("")));
                }
            }
        });
        return new Listing(hooked[0], rules);
    }

    /** Makes {@code rules} the attachment's rules in each existing host chain. */
    void ensure(List<HostChain> chains, String key, List<IpAddress> pod) {
        lock.locked(() -> {
            for (HostChain hc : chains) {
                List<String> want = rules(hc, pod);
                Listing now = list(hc);
                if (!now.hooked() || want.isEmpty()) {
                    continue;
                }
                Transaction tx = new Transaction().addChain(hc.family(), hc.table(), CHAIN, null);
                if (now.of(hc.chain(), JUMP::equals).isEmpty()) {
                    tx.insertRule(hc.family(), hc.table(), hc.chain(), "jump " + CHAIN, JUMP);
                }
                now.of(CHAIN, key::equals).forEach(l -> tx.deleteRule(hc.family(), hc.table(), CHAIN, l.handle()));
                want.forEach(r -> tx.addRule(hc.family(), hc.table(), CHAIN, r, key));
                nft.apply(tx);
            }
            return null;
        });
    }

    /** Removes the rules whose key {@code doomed} accepts; the jump and the chain with the last. */
    void remove(List<HostChain> chains, Predicate<String> doomed) {
        lock.locked(() -> {
            for (HostChain hc : chains) {
                Listing now = list(hc);
                List<Listed> mine = now.of(CHAIN, doomed);
                if (mine.isEmpty()) {
                    continue;
                }
                Transaction tx = new Transaction();
                if (mine.size() == now.of(CHAIN, c -> true).size()) {
                    now.of(hc.chain(), JUMP::equals).forEach(l -> tx.deleteRule(hc.family(), hc.table(), hc.chain(), l.handle()));
                    tx.flushChain(hc.family(), hc.table(), CHAIN).deleteChain(hc.family(), hc.table(), CHAIN);
                } else {
                    mine.forEach(l -> tx.deleteRule(hc.family(), hc.table(), CHAIN, l.handle()));
                }
                nft.apply(tx);
            }
            return null;
        });
    }

    /** The host chains (that exist) where the attachment lacks some of its rules, with what they have. */
    List<String> missing(List<HostChain> chains, String key, List<IpAddress> pod) {
        List<String> out = new ArrayList<>();
        for (HostChain hc : chains) {
            int want = rules(hc, pod).size();
            Listing now = list(hc);
            if (!now.hooked() || want == 0) {
                continue;
            }
            int have = now.of(CHAIN, key::equals).size();
            if (have != want || now.of(hc.chain(), JUMP::equals).isEmpty()) {
                out.add(hc + ": " + have + " of " + want + " accepts" + (now.of(hc.chain(), JUMP::equals).isEmpty() ? ", no jump" : ""));
            }
        }
        return out;
    }
}
