package dev.weft.doctor.finding;

import java.util.Objects;

/**
 * What one probe or check found: its {@code name} (a stable dotted key such as
 * {@code kernel.vxlan}, which the advisor's reasons cite), the {@link Status}, the {@code observed}
 * value in words, and the {@code fix} (empty when nothing needs doing).
 */
public record Finding(String name, Status status, String observed, String fix) {
    public Finding {
        if (name == null || !name.matches("[a-z0-9-]+(\\.[a-z0-9-]+)*")) {
            throw new IllegalArgumentException("name \"" + name + "\": dotted words of [a-z0-9-]");
        }
        Objects.requireNonNull(status, "status");
        observed = observed == null ? "" : observed;
        fix = fix == null ? "" : fix;
        if (status == Status.FAIL && fix.isBlank()) {
            throw new IllegalArgumentException("fix: a failed finding (" + name + ") must say how to fix it");
        }
    }

    public static Finding ok(String name, String observed) {
        return new Finding(name, Status.OK, observed, "");
    }

    public static Finding warn(String name, String observed, String fix) {
        return new Finding(name, Status.WARN, observed, fix);
    }

    public static Finding fail(String name, String observed, String fix) {
        return new Finding(name, Status.FAIL, observed, fix);
    }

    public static Finding info(String name, String observed) {
        return new Finding(name, Status.INFO, observed, "");
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
