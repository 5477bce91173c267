package dev.weft.node.cni;

/** Told of the attachments the agent's CNI handler made or removed, before each caller gets its answer. */
public interface Attachments {
    /** Nobody listens (a socket served without an agent: {@code weft cni serve}). */
    Attachments NONE = new Attachments() {
        @Override
        public void podAdded() {
        }

        @Override
        public void changed() {
        }
    };

    /**
     * An ADD of a plugin that records its pod for NetworkPolicy (the {@code weft} plugin)
     * succeeded; returns once the pod's policy is in place (or the listener gave up waiting).
     */
    void podAdded();

    /** Another ADD, or a DEL, succeeded. */
    void changed();
}
