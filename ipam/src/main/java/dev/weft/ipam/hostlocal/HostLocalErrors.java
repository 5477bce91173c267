package dev.weft.ipam.hostlocal;

/**
 * host-local's plugin-specific error codes (the spec leaves 100 and up to plugins). Neither is
 * "try again later" (11): an exhausted range or a taken address stays so until someone acts.
 */
public final class HostLocalErrors {
    /** No free address is left in a range set. */
    public static final int RANGE_EXHAUSTED = 100;
    /** A requested address is held by another attachment or is the gateway. */
    public static final int ADDRESS_UNAVAILABLE = 101;

    private HostLocalErrors() {
    }
}
