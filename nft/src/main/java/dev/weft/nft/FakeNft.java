package dev.weft.nft;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records applied transactions for golden tests; listings are whatever the test put in. */
public final class FakeNft implements Nft {
    private final List<Transaction> applied = new ArrayList<>();
    private final Map<String, JsonNode> listings = new HashMap<>();

    @Override
    public synchronized void apply(Transaction tx) {
        if (!tx.isEmpty()) {
            applied.add(tx);
        }
    }

    @Override
    public synchronized Optional<JsonNode> listJson(String object) {
        return Optional.ofNullable(listings.get(object.strip()));
    }

    public synchronized void setListing(String object, JsonNode json) {
        listings.put(object.strip(), json);
    }

    public synchronized List<Transaction> applied() {
        return List.copyOf(applied);
    }

    /** Every applied script, concatenated. */
    public synchronized String script() {
        StringBuilder sb = new StringBuilder();
        applied.forEach(t -> sb.append(t.render()));
        return sb.toString();
    }
}
