package dev.weft.policy.manifest;

import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PolicyRule;
import dev.weft.policy.PolicyType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads a NetworkPolicy object (metadata and spec) and applies the API server's defaulting. */
final class SpecReader {
    /** kubectl's default for objects without {@code metadata.namespace}; we do as it does. */
    static final String DEFAULT_NAMESPACE = "default";

    private SpecReader() {
    }

    static NetworkPolicy policy(Field doc) {
        doc.allowOnly(Set.of("apiVersion", "kind", "metadata", "spec", "status"));
        Field meta = doc.get("metadata");
        if (!meta.present()) {
            throw meta.fail("is required");
        }
        Field nameField = meta.get("name");
        String name = nameField.text();
        if (!KubeNames.isDnsSubdomain(name)) {
            throw nameField.fail("\"" + name + "\" is not a valid name (lower-case RFC 1123 subdomain)");
        }
        Field nsField = meta.get("namespace");
        String namespace = nsField.optionalText().orElse(DEFAULT_NAMESPACE);
        if (!KubeNames.isDnsLabel(namespace)) {
            throw nsField.fail("\"" + namespace + "\" is not a valid namespace (lower-case RFC 1123 label)");
        }
        return spec(doc.get("spec"), namespace, name);
    }

    private static NetworkPolicy spec(Field spec, String namespace, String name) {
        if (!spec.present()) {
            throw spec.fail("is required");
        }
        spec.allowOnly(Set.of("podSelector", "policyTypes", "ingress", "egress"));
        Field podSelector = spec.get("podSelector");
        if (!podSelector.present()) {
            throw podSelector.fail("is required (use {} to select every pod in the namespace)");
        }
        var selector = SelectorReader.read(podSelector);
        List<PolicyRule> ingress = rules(spec.get("ingress"), "from");
        List<PolicyRule> egress = rules(spec.get("egress"), "to");
        Set<PolicyType> types = policyTypes(spec.get("policyTypes"));
        if (types.isEmpty()) {
            // SetDefaults_NetworkPolicySpec: Ingress always, Egress when there are egress rules
            // (len != 0, so "egress: []" alone does not isolate egress).
            types.add(PolicyType.INGRESS);
            if (!egress.isEmpty()) {
                types.add(PolicyType.EGRESS);
            }
        }
        return new NetworkPolicy(namespace, name, selector, types, ingress, egress);
    }

    private static List<PolicyRule> rules(Field list, String peersField) {
        List<PolicyRule> out = new ArrayList<>();
        for (Field r : list.items()) {
            out.add(RuleReader.rule(r, peersField));
        }
        return out;
    }

    private static Set<PolicyType> policyTypes(Field list) {
        Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
        for (Field t : list.items()) {
            PolicyType type;
            try {
                type = PolicyType.parse(t.text());
            } catch (IllegalArgumentException e) {
                throw t.fail(e.getMessage(), e);
            }
            if (!types.add(type)) {
                throw t.fail("duplicate policy type " + type.text());
            }
        }
        return types;
    }
}
