package dev.weft.nft;

import tools.jackson.databind.JsonNode;

/** Applies transactions and lists rulesets; the seam between rule compilers and the kernel. */
public interface Nft {

    /** Applies every command of {@code tx} atomically, or none. */
    void apply(Transaction tx);

    /**
     * {@code nft -j list OBJECT} parsed, e.g. {@code "chain inet weft_masq postrouting"}; empty
     * when the object does not exist.
     */
    java.util.Optional<JsonNode> listJson(String object);
}
