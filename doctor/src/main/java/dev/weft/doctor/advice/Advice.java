package dev.weft.doctor.advice;

import java.util.List;
import java.util.Optional;

/**
 * The advisor's answer: the backend to use (empty when no backend can work here) and the
 * reasons in the order they were weighed, each citing the probe that decided it.
 */
public record Advice(Optional<Backend> backend, List<Reason> reasons) {
    public Advice {
        backend = backend == null ? Optional.empty() : backend;
        reasons = List.copyOf(reasons);
    }

    /** {@code vxlan}, or {@code none}. */
    public String backendText() {
        return backend.map(Backend::text).orElse("none");
    }
}
