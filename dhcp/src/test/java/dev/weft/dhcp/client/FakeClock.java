package dev.weft.dhcp.client;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand. */
final class FakeClock implements InstantSource {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    void set(Instant t) {
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("time runs forward: " + t + " is before " + now);
        }
        now = t;
    }

    void advance(Duration d) {
        set(now.plus(d));
    }
}
