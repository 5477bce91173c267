package dev.weft.dhcp.client;

import java.time.Instant;

/** Records the one pending time; the test fires it by moving the clock there and calling onTimer. */
final class FakeTimer implements Timer {
    Instant pending;
    int cancels;

    @Override
    public void schedule(Instant at) {
        pending = at;
    }

    @Override
    public void cancel() {
        pending = null;
        cancels++;
    }
}
