package dev.weft.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds: for state that converges (a route installed, a session up). */
public final class Await {
    private Await() {
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code timeout}. */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 10;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            sleep = Math.min(sleep * 2, 200);
        }
    }
}
