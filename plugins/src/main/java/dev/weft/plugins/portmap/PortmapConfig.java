package dev.weft.plugins.portmap;

import dev.weft.cni.config.PortMapping;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Fields;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * weft-portmap's configuration, with the reference portmap's keys: {@code snat} (default true:
 * masquerade hairpin and localhost connections), {@code masqAll} (masquerade every connection to a
 * mapped port), {@code conditionsV4}/{@code conditionsV6} (nftables match expressions, as tokens,
 * that every DNAT rule must also satisfy, e.g. {@code ["ip", "daddr", "!=", "{ 127.0.0.0/8 }"]}),
 * and the {@code portMappings} capability. {@code backend} may say {@code nftables} or
 * {@code iptables} (weft always uses nftables); {@code markMasqBit} and
 * {@code externalSetMarkChain} are checked as the reference checks them and otherwise unused,
 * since weft matches connections by their conntrack state, not by a packet mark.
 */
public record PortmapConfig(boolean snat, boolean masqAll, List<String> conditionsV4, List<String> conditionsV6,
                            List<PortMapping> mappings) {
    /** Words that would turn a condition into a verdict or a new command. */
    private static final Set<String> VERDICTS = Set.of("accept", "drop", "reject", "jump", "goto", "return", "queue",
            "continue", "comment", "counter", "log", "dnat", "snat", "masquerade", "redirect");

    public PortmapConfig {
        conditionsV4 = List.copyOf(conditionsV4);
        conditionsV6 = List.copyOf(conditionsV6);
        mappings = List.copyOf(mappings);
    }

    public static PortmapConfig parse(ObjectNode stdin, RuntimeConfig runtime) {
        Fields f = Fields.ofConfig(stdin, "");
        f.string("backend").ifPresent(b -> {
            if (!b.equals("nftables") && !b.equals("iptables")) {
                throw f.error("backend", "must be \"nftables\" or \"iptables\", not \"" + b + "\"");
            }
        });
        if (f.has("markMasqBit") && f.has("externalSetMarkChain")) {
            throw f.error("externalSetMarkChain", "cannot be given with markMasqBit");
        }
        int bit = f.integer("markMasqBit").orElse(13);
        if (bit < 0 || bit > 31) {
            throw f.error("markMasqBit", "must be between 0 and 31, not " + bit);
        }
        f.string("externalSetMarkChain");
        return new PortmapConfig(f.bool("snat", true), f.bool("masqAll", false), conditions(f, "conditionsV4"),
                conditions(f, "conditionsV6"), runtime.portMappings());
    }

    /**
     * The tokens of a condition, joined with spaces into the rule. They may only match: a newline,
     * a semicolon or a {@code #} would start a new command or a comment in the nft script, and a
     * verdict would decide instead of the DNAT; iptables arguments (the reference's iptables
     * backend takes {@code ["-d", "…"]}) are refused with a hint.
     */
    private static List<String> conditions(Fields f, String field) {
        List<String> tokens = f.strings(field);
        for (String t : tokens) {
            if (t.isBlank() || t.chars().anyMatch(ch -> ch == '\n' || ch == '\r' || ch == ';' || ch == '#' || ch == '\0')) {
                throw f.error(field, "has an invalid token \"" + t + "\": tokens may not be blank or contain a newline, ';' or '#'");
            }
            if (t.startsWith("-")) {
                throw f.error(field, "holds iptables arguments (\"" + t + "\"); weft-portmap takes nftables expressions, "
                        + "e.g. [\"ip\", \"daddr\", \"!=\", \"{ 127.0.0.0/8 }\"]");
            }
            for (String word : t.toLowerCase(Locale.ROOT).split("[\\s{},]+")) {
                if (VERDICTS.contains(word)) {
                    throw f.error(field, "may only match packets; \"" + word + "\" is a statement");
                }
            }
        }
        return tokens;
    }

    /** The condition of a family, as rule text ("" when none). */
    String conditions(boolean v4) {
        return String.join(" ", v4 ? conditionsV4 : conditionsV6);
    }
}
