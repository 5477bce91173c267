package dev.weft.plugins.common;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An undo stack instead of success flags: register the inverse of each step as it succeeds; unless
 * {@link #commit()} is reached, {@link #close()} runs the inverses newest first. A failing inverse
 * is recorded as suppressed on the original failure, never hides it.
 */
public final class Rollback implements AutoCloseable {
    /** An undo action. */
    @FunctionalInterface
    public interface Step {
        void undo() throws Exception;
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean committed;

    public void add(Step step) {
        steps.push(step);
    }

    public void commit() {
        committed = true;
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        RuntimeException first = null;
        while (!steps.isEmpty()) {
            try {
                steps.pop().undo();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("rollback step failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            System.err.println("weft: incomplete rollback: " + first.getCause());
        }
    }
}
