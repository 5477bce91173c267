package dev.weft.store;

import java.util.List;
import java.util.Objects;

/**
 * A condition of {@link Datastore#commitIf}: {@code key}'s mod revision is
 * {@code expectedModRevision}, or the key does not exist ({@link Datastore#ABSENT}).
 */
public record Guard(String key, long expectedModRevision) {
    public Guard {
        Objects.requireNonNull(key, "key");
        if (expectedModRevision < 0) {
            throw new IllegalArgumentException("guard " + key + ": expectedModRevision must be ABSENT (0) or a revision,"
                    + " not " + expectedModRevision + " (a guard on ANY guards nothing)");
        }
    }

    /** Checks a {@link Datastore#commitIf} request: keys written once, within {@link Datastore#MAX_GUARDED_OPS}. */
    public static List<Write> checked(List<Guard> guards, List<Write> writes) {
        if (guards.size() + writes.size() > Datastore.MAX_GUARDED_OPS) {
            throw new IllegalArgumentException("a guarded commit takes at most " + Datastore.MAX_GUARDED_OPS
                    + " guards and writes, not " + guards.size() + " + " + writes.size());
        }
        guards.forEach(g -> Objects.requireNonNull(g, "guard"));
        return Write.checked(writes);
    }

    /** Whether an entry at {@code current} (null: none) passes this guard. */
    public boolean holds(Entry current) {
        return expectedModRevision == Datastore.ABSENT ? current == null
                : current != null && current.modRevision() == expectedModRevision;
    }
}
