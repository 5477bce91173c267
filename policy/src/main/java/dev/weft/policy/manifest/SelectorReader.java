package dev.weft.policy.manifest;

import dev.weft.policy.LabelRequirement;
import dev.weft.policy.LabelSelector;
import dev.weft.policy.PolicyException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Reads a {@code LabelSelector}, checking keys, values and operator/value combinations. */
final class SelectorReader {
    private SelectorReader() {
    }

    /** Absent stays absent: for peers, an absent selector and an empty one mean different things. */
    static Optional<LabelSelector> optional(Field f) {
        return f.present() ? Optional.of(read(f)) : Optional.empty();
    }

    static LabelSelector read(Field f) {
        f.allowOnly(Set.of("matchLabels", "matchExpressions"));
        TreeMap<String, String> labels = f.get("matchLabels").stringMap();
        labels.forEach((k, v) -> checkLabel(f.get("matchLabels"), k, v));
        List<LabelRequirement> reqs = new ArrayList<>();
        for (Field e : f.get("matchExpressions").items()) {
            reqs.add(requirement(e));
        }
        return new LabelSelector(labels, reqs);
    }

    private static void checkLabel(Field labels, String key, String value) {
        String path = labels.path() + "." + key;
        if (!KubeNames.isLabelKey(key)) {
            throw new PolicyException(path, "\"" + key + "\" is not a valid label key");
        }
        if (!KubeNames.isLabelValue(value)) {
            throw new PolicyException(path, "\"" + value + "\" is not a valid label value");
        }
    }

    private static LabelRequirement requirement(Field e) {
        e.allowOnly(Set.of("key", "operator", "values"));
        String key = e.get("key").text();
        if (!KubeNames.isLabelKey(key)) {
            throw e.get("key").fail("\"" + key + "\" is not a valid label key");
        }
        Field opField = e.get("operator");
        LabelRequirement.Operator op;
        try {
            op = LabelRequirement.Operator.parse(opField.text());
        } catch (IllegalArgumentException ex) {
            throw opField.fail(ex.getMessage(), ex);
        }
        List<String> values = new ArrayList<>();
        for (Field v : e.get("values").items()) {
            String text = v.text();
            if (!KubeNames.isLabelValue(text)) {
                throw v.fail("\"" + text + "\" is not a valid label value");
            }
            values.add(text);
        }
        try {
            return new LabelRequirement(key, op, values);
        } catch (IllegalArgumentException ex) {
            throw e.get("values").fail(ex.getMessage(), ex);
        }
    }
}
