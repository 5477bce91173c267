package dev.weft.dhcp.lease;

/**
 * What the lease store keeps per attachment: enough to renew after a restart — where the
 * interface is ({@code netns} path and the attachment's interface name), what to ask for, and the
 * lease itself.
 */
public record PersistedLease(Attachment attachment, String netns, ClientOptions options, Lease lease) {
    public PersistedLease {
        if (attachment == null || netns == null || netns.isBlank() || lease == null) {
            throw new IllegalArgumentException("a persisted lease needs attachment, netns and lease");
        }
        options = options == null ? ClientOptions.DEFAULTS : options;
    }
}
