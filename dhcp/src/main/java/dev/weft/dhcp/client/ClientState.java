package dev.weft.dhcp.client;

/**
 * The states of RFC 2131's client (figure 5), INIT-REBOOT and REBOOTING as one (a REQUEST for a
 * remembered address is out), plus two ends: {@code STOPPED} (released, or stopped keeping the
 * lease for a later resume) and {@code FAILED} (no lease within the acquisition's timeout).
 */
public enum ClientState {
    INIT, SELECTING, REQUESTING, INIT_REBOOT, BOUND, RENEWING, REBINDING, STOPPED, FAILED;

    /** Whether a request is out and a reply awaited (the transport must be listening). */
    public boolean awaitingReply() {
        return switch (this) {
            case SELECTING, REQUESTING, INIT_REBOOT, RENEWING, REBINDING -> true;
            default -> false;
        };
    }

    /** Whether the client holds a lease it may use. */
    public boolean holdsLease() {
        return this == BOUND || this == RENEWING || this == REBINDING;
    }
}
