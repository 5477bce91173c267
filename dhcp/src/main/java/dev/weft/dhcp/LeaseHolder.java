package dev.weft.dhcp;

import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code weft-dhcp} plugin needs from the long-lived process that holds a node's leases:
 * {@link DhcpLeases} itself (in the agent's JVM, or inside {@code weft dhcp daemon}) or a client
 * of that process's socket ({@link dev.weft.dhcp.daemon.DaemonClient}). Failures are
 * {@link dev.weft.dhcp.client.DhcpException}s with their reason; see {@link DhcpLeases} for each
 * operation's contract.
 */
public interface LeaseHolder {

    /** ADD: the attachment's lease, the held one on a repeated ADD. */
    Lease acquire(Attachment attachment, String netns, ClientOptions options, Duration timeout);

    /** DEL: DHCPRELEASE and forget; idempotent. Returns whether a RELEASE was sent. */
    boolean release(Attachment attachment);

    /** CHECK: the lease if still usable, else NOT_BOUND. */
    Lease check(Attachment attachment);

    /** Renews now rather than at T1 (operators, tests); returns the renewed lease. */
    Lease renewNow(Attachment attachment, Duration timeout);

    /** The attachments held now. */
    List<Attachment> attachments();

    /** The attachment's usable lease, if any. */
    Optional<Lease> lease(Attachment attachment);
}
