package dev.weft.bgp.bird;

/**
 * What {@link BirdSupervisor#apply} did: nothing (BIRD already runs this configuration), started
 * BIRD, adopted a BIRD left running by a previous agent and reconfigured it if needed, reconfigured
 * the running BIRD, or refused the configuration ({@code detail} is BIRD's complaint; the running
 * configuration stays).
 */
public record ApplyResult(Outcome outcome, String detail) {
    /** The kinds of outcome. */
    public enum Outcome { UNCHANGED, STARTED, RECONFIGURED, REJECTED }

    /** The detail of a BIRD started in graceful restart recovery ({@code -R}). */
    public static final String RECOVERY = "graceful restart recovery";

    public boolean rejected() {
        return outcome == Outcome.REJECTED;
    }

    /** BIRD was started in graceful restart recovery, from the recovery configuration. */
    public boolean inRecovery() {
        return outcome == Outcome.STARTED && detail.equals(RECOVERY);
    }
}
