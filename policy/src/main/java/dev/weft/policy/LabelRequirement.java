package dev.weft.policy;

import java.util.List;
import java.util.Map;

/** One {@code matchExpressions} entry: a key, an operator and (for In/NotIn only) a non-empty value list. */
public record LabelRequirement(String key, Operator operator, List<String> values) {

    /** The four set-based operators of a LabelSelector. */
    public enum Operator {
        IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist");

        private final String text;

        Operator(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Operator parse(String text) {
            for (Operator o : values()) {
                if (o.text.equals(text)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("\"" + text + "\" is not a selector operator (In, NotIn, Exists, DoesNotExist)");
        }
    }

    public LabelRequirement {
        PodInfo.requireText("selector key", key);
        values = values.stream().sorted().distinct().toList();
        boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
        if (needsValues && values.isEmpty()) {
            throw new IllegalArgumentException("values must be non-empty for operator " + operator.text());
        }
        if (!needsValues && !values.isEmpty()) {
            throw new IllegalArgumentException("values must be empty for operator " + operator.text());
        }
    }

    /** k8s semantics: NotIn and DoesNotExist match a label set that lacks the key. */
    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        return switch (operator) {
            case IN -> v != null && values.contains(v);
            case NOT_IN -> v == null || !values.contains(v);
            case EXISTS -> v != null;
            case DOES_NOT_EXIST -> v == null;
        };
    }

    @Override
    public String toString() {
        return switch (operator) {
            case IN -> key + " in (" + String.join(",", values) + ")";
            case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
        };
    }
}
