package dev.weft.node.reconcile;

/**
 * How the agent's reconcile loops wait: until the resync period is over or someone asks for a
 * round sooner ({@link #wake()}: a watch event, a kernel event). Requests that arrive while a
 * round runs are kept, and coalesce into one more round.
 */
public final class Wakeup {
    private boolean woken;

    /** Asks for a round now. */
    public synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /**
     * Waits up to {@code millis} or until woken, then clears the request; true when woken, false
     * when the period ran out (a periodic resync).
     */
    public synchronized boolean await(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        long left;
        while (!woken && (left = deadline - System.currentTimeMillis()) > 0) {
            wait(left);
        }
        boolean was = woken;
        woken = false;
        return was;
    }
}
