package dev.weft.policy.compile;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A named set or verdict map with its elements. Map elements are key to verdict
 * ({@code 10.0.0.5} to {@code jump ingress_…}); set elements map to the empty string.
 */
public record NftSet(String name, String type, boolean interval, boolean verdictMap, SortedMap<String, String> elements) {

    public NftSet {
        dev.weft.nft.Transaction.name(name);
        elements = Collections.unmodifiableSortedMap(new TreeMap<>(elements));
    }

    public static NftSet set(String name, String type, List<String> elements) {
        TreeMap<String, String> m = new TreeMap<>();
        elements.forEach(e -> m.put(e, ""));
        return new NftSet(name, type, false, false, m);
    }

    public static NftSet verdictMap(String name, String keyType, SortedMap<String, String> elements) {
        return new NftSet(name, keyType, false, true, elements);
    }

    /** The body of {@code add set}/{@code add map}. */
    public String body() {
        return verdictMap ? "type " + type + " : verdict;" : "type " + type + ";" + (interval ? " flags interval;" : "");
    }

    /** Element text for {@code add element}. */
    public String element(String key) {
        return verdictMap ? key + " : " + elements.get(key) : key;
    }

    public List<String> renderedElements() {
        return elements.keySet().stream().map(this::element).toList();
    }

    /** Same name, type and flags: an update is then a matter of elements. */
    public boolean sameShape(NftSet other) {
        return name.equals(other.name) && type.equals(other.type) && interval == other.interval
                && verdictMap == other.verdictMap;
    }
}
