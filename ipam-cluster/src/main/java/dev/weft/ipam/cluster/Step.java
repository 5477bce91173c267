package dev.weft.ipam.cluster;

/** The outcome of one placement try: placed, lost a race (retry), or no room where it looked. */
record Step(Placed placed, boolean conflict) {
    static final Step CONFLICT = new Step(null, true);
    static final Step FULL = new Step(null, false);

    static Step placed(Placed p) {
        return new Step(p, false);
    }

    boolean done() {
        return placed != null;
    }
}
