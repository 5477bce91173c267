/**
 * {@code weft-dhcp}, the DHCP IPAM plugin (issue #18): configuration compatible with the
 * reference {@code dhcp} IPAM ({@code daemonSocketPath}, {@code request}, {@code provide},
 * {@code timeout}); the result is the lease's address and mask, the gateway of option 3, routes
 * of option 121 (which overrides 3 and 33) or 33, DNS of options 6 and 15
 * ({@link dev.weft.dhcp.lease.Lease#toResult}).
 *
 * <h2>Who holds the leases</h2>
 * A lease must be renewed long after ADD returned, so a long-lived process holds it
 * ({@link dev.weft.dhcp.LeaseHolder}):
 * <ol>
 * <li>the node agent, when the call reaches it through the exec shim: the plugin runs in the
 *     agent's JVM on the agent's own {@link dev.weft.dhcp.DhcpLeases} (no socket hop at all);</li>
 * <li>otherwise (the JVM path: no agent, or the plugin run as a process) the holder on
 *     {@code daemonSocketPath}: an agent serves its leases there too, or {@code weft dhcp daemon}
 *     holds them;</li>
 * <li>neither: the call fails with code 11 ("try again later") and a message naming the socket
 *     and how to start a holder. Nothing was done.</li>
 * </ol>
 * The lease's identity is the reference plugin's client identifier
 * ({@code containerId/network/ifName}), so ADD, CHECK and DEL of one attachment meet the same
 * lease whichever process serves them, and a restarted holder resumes it from its lease files.
 *
 * <h2>Errors</h2>
 * No lease within {@code timeout} (no server, no offer) is code 11; the container's namespace or
 * interface missing, or CHECK finding no bound lease, code 3; the lease store failing, code 5;
 * configuration errors, code 7 naming the field (e.g. {@code ipam.provide[0].fromArg}).
 *
 * <h2>Limits</h2>
 * IPv4 only (DHCPv6 is not implemented). A lease the server refuses at renewal is re-acquired in
 * the background and may change address; the container keeps the address of its ADD (an IPAM
 * plugin cannot reconfigure a running container) and the holder logs it.
 */
package dev.weft.ipam.dhcp;
