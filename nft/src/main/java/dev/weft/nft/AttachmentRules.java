package dev.weft.nft;

import java.util.List;
import java.util.Set;

/**
 * What a plugin keeps in nftables per attachment (one container interface on one network): rules
 * tagged with the attachment's key, added together, removed together, and kept only for the
 * attachments GC names valid. Subclasses only say which rules an attachment gets.
 */
public abstract class AttachmentRules {
    private final TaggedRules rules;

    AttachmentRules(TaggedRules rules) {
        this.rules = rules;
    }

    /** The tag of one attachment's rules. */
    public static String key(String network, String containerId, String ifName) {
        return TaggedRules.key(network, containerId, ifName);
    }

    /** The prefix every key of {@code network} starts with (for GC of rules kept elsewhere). */
    public static String networkPrefix(String network) {
        return TaggedRules.prefix(network);
    }

    /** Adds {@code ruleTexts} under {@code key} unless that key's rules exist (idempotent). */
    protected final void ensureRules(String key, List<String> ruleTexts) {
        rules.ensure(key, ruleTexts);
    }

    /** Removes the attachment's rules; none is success. */
    public final void remove(String key) {
        rules.remove(key);
    }

    /** Removes the rules of {@code network}'s attachments whose keys are not in {@code validKeys}. */
    public final void retainOnly(String network, Set<String> validKeys) {
        rules.retainOnly(network, validKeys);
    }

    /** Whether the attachment has its rules. */
    public final boolean has(String key) {
        return rules.has(key);
    }
}
