package dev.weft.plugins.portmap;

import dev.weft.nft.Family;
import dev.weft.nft.Nft;
import dev.weft.nft.Transaction;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One family's {@code weft_portmap} table as {@code nft -j list} shows it: the comments of each
 * chain's rules and every map element with the chain it jumps to. Only the slow paths read it:
 * CHECK, GC, and a DEL whose one-transaction removal nft refused (the table damaged or changed
 * behind weft's back); ADD and a normal DEL never list.
 */
record PortmapListing(Family family, boolean exists, Map<String, List<String>> chains, List<Element> elements) {

    /** A map element: its map, its key as nft text ({@code tcp . 8080}), the chain it jumps to. */
    record Element(String map, String key, String target) {
    }

    static PortmapListing read(Nft nft, Family f) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        List<Element> elements = new ArrayList<>();
        var json = nft.listJson("table " + f.text() + " " + PortmapRules.TABLE);
        json.ifPresent(j -> {
            for (JsonNode item : j.path("nftables")) {
                if (item.path("chain").isObject()) {
                    chains.putIfAbsent(item.path("chain").path("name").asString(""), new ArrayList<>());
                }
                JsonNode r = item.path("rule");
                if (r.isObject()) {
                    chains.computeIfAbsent(r.path("chain").asString(""), c -> new ArrayList<>()).add(r.path("comment").asString(""));
                }
                JsonNode m = item.path("map");
                if (m.isObject()) {
                    for (JsonNode e : m.path("elem")) {
                        elements.add(new Element(m.path("name").asString(""), keyText(e.path(0)),
                                e.path(1).path("jump").path("target").asString("")));
                    }
                }
            }
        });
        return new PortmapListing(f, json.isPresent(), chains, elements);
    }

    private static String keyText(JsonNode key) {
        if (key.path("concat").isArray()) {
            List<String> parts = new ArrayList<>();
            key.path("concat").forEach(p -> parts.add(p.asString()));
            return String.join(" . ", parts);
        }
        return key.asString();
    }

    /** The keys (rule comments) of the attachments that have a DNAT chain here. */
    Set<String> attachmentKeys() {
        return chains.entrySet().stream().filter(e -> e.getKey().startsWith(PortmapRules.DNAT_PREFIX))
                .flatMap(e -> e.getValue().stream()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Removes the attachments whose key {@code doomed} accepts: the elements jumping to their
     * chains, then the chains; the table goes when no attachment is left in it. Null when there is
     * nothing to remove.
     */
    Transaction sweep(Predicate<String> doomed) {
        Set<String> hashes = attachmentKeys().stream().filter(doomed).map(PortmapRules::hash).collect(Collectors.toSet());
        return sweepHashes(hashes);
    }

    /** As {@link #sweep}, for the attachment whose chains are named from {@code key}, found by name. */
    Transaction sweepKey(String key) {
        return sweepHashes(Set.of(PortmapRules.hash(key)));
    }

    private Transaction sweepHashes(Set<String> hashes) {
        Set<String> doomedChains = new LinkedHashSet<>();
        for (String h : hashes) {
            for (String c : List.of(PortmapRules.DNAT_PREFIX + h, PortmapRules.MASQ_PREFIX + h)) {
                if (chains.containsKey(c)) {
                    doomedChains.add(c);
                }
            }
        }
        if (doomedChains.isEmpty()) {
            return null;
        }
        Transaction tx = new Transaction();
        boolean last = chains.keySet().stream().filter(c -> c.startsWith(PortmapRules.DNAT_PREFIX)
                || c.startsWith(PortmapRules.MASQ_PREFIX)).allMatch(doomedChains::contains);
        if (last) {
            return tx.deleteTable(family, PortmapRules.TABLE);
        }
        Map<String, List<String>> byMap = new LinkedHashMap<>();
        elements.stream().filter(e -> doomedChains.contains(e.target()))
                .forEach(e -> byMap.computeIfAbsent(e.map(), m -> new ArrayList<>()).add(e.key()));
        byMap.forEach((map, keys) -> tx.deleteElements(family, PortmapRules.TABLE, map, keys));
        doomedChains.forEach(c -> tx.flushChain(family, PortmapRules.TABLE, c).deleteChain(family, PortmapRules.TABLE, c));
        return tx;
    }

    /**
     * What differs from what {@code a} should have here (empty when nothing): the base chains'
     * rules, the attachment's rule counts, and each element it should own.
     */
    List<String> problems(PortmapRules.Attachment a, dev.weft.net.InterfaceAddress addr) {
        List<String> out = new ArrayList<>();
        if (!exists) {
            return List.of("no table " + family.text() + " " + PortmapRules.TABLE);
        }
        Map<String, Long> statics = PortmapRules.staticRules(family).stream()
                .collect(Collectors.groupingBy(l -> l.substring(0, l.indexOf(' ')), LinkedHashMap::new, Collectors.counting()));
        statics.forEach((chain, n) -> {
            List<String> have = chains.getOrDefault(chain, List.of());
            if (have.size() != n || !have.stream().allMatch(PortmapRules.STATIC::equals)) {
                out.add("base chain " + chain + " has " + have.size() + " rules, expected " + n);
            }
        });
        count(out, a.dnatChain(), PortmapRules.dnatRules(addr, a.config()).size(), a.key());
        count(out, a.masqChain(), PortmapRules.masqRules(addr, a.config()).size(), a.key());
        expect(out, PortmapRules.PORTS, PortmapRules.portKeys(addr, a.config(), false), a.dnatChain());
        expect(out, PortmapRules.HOSTIP_PORTS, PortmapRules.portKeys(addr, a.config(), true), a.dnatChain());
        expect(out, PortmapRules.MASQ, PortmapRules.masqKeys(addr, a.config()), a.masqChain());
        return out;
    }

    private void count(List<String> out, String chain, int want, String key) {
        long have = chains.getOrDefault(chain, List.of()).stream().filter(key::equals).count();
        if (have != want || (want > 0 && !chains.containsKey(chain))) {
            out.add("chain " + chain + " has " + have + " rules, expected " + want);
        }
    }

    private void expect(List<String> out, String map, List<String> keys, String chain) {
        for (String k : keys) {
            if (elements.stream().noneMatch(e -> e.map().equals(map) && e.key().equals(k) && e.target().equals(chain))) {
                out.add("map " + map + " lacks " + k + " : jump " + chain);
            }
        }
    }
}
