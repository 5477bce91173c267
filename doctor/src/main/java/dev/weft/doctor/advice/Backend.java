package dev.weft.doctor.advice;

import java.util.Locale;

/** The backends the advisor chooses from, in the order it tries them. */
public enum Backend {
    MACVLAN, HOST_GW, BGP, VXLAN, UDP;

    /** The name {@code weft cluster init --backend} takes. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
