package dev.weft.policy;

/** The direction a policy isolates; a pod is isolated per direction, independently. */
public enum PolicyType {
    INGRESS("Ingress"), EGRESS("Egress");

    private final String text;

    PolicyType(String text) {
        this.text = text;
    }

    /** The spelling used in manifests. */
    public String text() {
        return text;
    }

    /** Parses {@code Ingress} or {@code Egress}. */
    public static PolicyType parse(String text) {
        for (PolicyType t : values()) {
            if (t.text.equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a policy type (Ingress or Egress)");
    }
}
