package dev.weft.doctor.finding;

/**
 * How a probe or check came out: {@link #OK} (✓), {@link #WARN} (⚠: works, but something is
 * weaker than it could be or a mode is ruled out), {@link #FAIL} (✗: broken, the exit code is 1)
 * and {@link #INFO} (·: a fact or an unknown, e.g. a probe that needs two nodes on a one-node cluster).
 */
public enum Status {
    OK("✓"), WARN("⚠"), FAIL("✗"), INFO("·");

    private final String mark;

    Status(String mark) {
        this.mark = mark;
    }

    /** The checklist's mark. */
    public String mark() {
        return mark;
    }
}
