package dev.weft.doctor.advice;

import java.util.Objects;

/**
 * One step of the advice: {@code backend} was {@code accepted} or refused because of what the
 * probe {@code probe} found ({@code why}); {@code measured} is the cost from {@code weft bench
 * dataplane} on this machine, empty when there are no figures.
 */
public record Reason(Backend backend, boolean accepted, String probe, String why, String measured) {
    public Reason {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(why, "why");
        measured = measured == null ? "" : measured;
    }

    /** {@code host-gw refused (peers.on-link): n2 is behind router 172.30.0.1}. */
    public String text() {
        return backend.text() + (accepted ? " chosen" : " refused") + " (" + probe + "): " + why
                + (measured.isEmpty() ? "" : "; measured: " + measured);
    }
}
