package dev.weft.netlink.tc;

import java.util.Objects;

/**
 * A filter's action, one record per kind weft uses; {@link ActionCodec} encodes and decodes them.
 * Counters, the kernel's action index and timestamps are not part of the value.
 */
public sealed interface Action permits Action.Mirred, Action.Other {

    /** The action's name as the kernel knows it ({@code TCA_ACT_KIND}). */
    String kind();

    /**
     * {@code mirred}: send the packet to device {@code ifindex} — redirect (the packet leaves this
     * path: verdict TC_ACT_STOLEN) or mirror (a copy; the original goes on: TC_ACT_PIPE), onto the
     * target's egress or ingress, as {@code tc … action mirred egress redirect dev X} does.
     */
    record Mirred(Mode mode, int ifindex) implements Action {
        public Mirred {
            Objects.requireNonNull(mode, "mode");
            if (ifindex <= 0) {
                throw new IllegalArgumentException("mirred target ifindex " + ifindex + " is not a device index");
            }
        }

        /** Redirect to {@code ifindex}'s egress (into an IFB, say). */
        public static Mirred egressRedirect(int ifindex) {
            return new Mirred(Mode.EGRESS_REDIRECT, ifindex);
        }

        @Override
        public String kind() {
            return "mirred";
        }

        /** Where the packet goes ({@code TCA_*_REDIR}/{@code TCA_*_MIRROR} of tc_mirred.h) and the verdict tc gives it. */
        public enum Mode {
            EGRESS_REDIRECT(1, Tca.TC_ACT_STOLEN),
            EGRESS_MIRROR(2, Tca.TC_ACT_PIPE),
            INGRESS_REDIRECT(3, Tca.TC_ACT_STOLEN),
            INGRESS_MIRROR(4, Tca.TC_ACT_PIPE);

            private final int eaction;
            private final int verdict;

            Mode(int eaction, int verdict) {
                this.eaction = eaction;
                this.verdict = verdict;
            }

            /** The kernel's number ({@code eaction}). */
            public int eaction() {
                return eaction;
            }

            /** The gact verdict tc sends with it. */
            int verdict() {
                return verdict;
            }

            /** The mode with the kernel's number. */
            public static Mode of(int eaction) {
                for (Mode m : values()) {
                    if (m.eaction == eaction) {
                        return m;
                    }
                }
                throw new IllegalArgumentException("unknown mirred eaction " + eaction);
            }
        }
    }

    /** An action weft has no model for, as a dump reports it. */
    record Other(String kind) implements Action {
        public Other {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
