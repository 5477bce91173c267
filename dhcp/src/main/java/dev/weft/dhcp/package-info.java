/**
 * weft's DHCPv4 client for the {@code weft-dhcp} IPAM plugin (issue #18): leases are held by a
 * long-lived process (the node agent or {@code weft dhcp daemon}), which keeps renewing them after
 * the plugin's ADD has returned.
 *
 * <h2>API for the plugin and the daemon</h2>
 * {@link dev.weft.dhcp.DhcpLeases} is the one object the daemon keeps:
 * <pre>{@code
 * DhcpLeases leases = DhcpLeases.open(Path.of("/var/lib/weft/dhcp"));   // resumes persisted leases
 * Attachment a = new Attachment(containerId, networkName, InterfaceName.of(ifName));
 * ClientOptions o = ClientOptions.of(requestNames, skipDefault, provideNameToValue);  // "request"/"provide" keys
 * Lease lease = leases.acquire(a, netnsPath, o, Duration.ofSeconds(10));  // ADD (a repeated ADD gets the held lease)
 * Result r = lease.toResult(cniVersion);                                 // the IPAM result
 * leases.check(a);                                                       // CHECK: bound and not expired, or NOT_BOUND
 * leases.release(a);                                                     // DEL: DHCPRELEASE, idempotent
 * leases.close();                                                        // daemon stops: no release, leases stay on disk
 * }</pre>
 * Errors are {@link dev.weft.dhcp.client.DhcpException} with a reason a plugin maps to a CNI code
 * (TIMEOUT → 11 "try again later", NO_INTERFACE → 3 or 7, NOT_BOUND for CHECK, STORE/TRANSPORT → 999).
 * The reference plugin's {@code fromArg} (a provided value taken from {@code CNI_ARGS}) is the
 * plugin's to resolve before building {@code ClientOptions}; {@code daemonSocketPath} and the
 * socket protocol between plugin and daemon are the lead's (out of this module).
 *
 * <h2>Design</h2>
 * Four layers, each testable alone: {@code packet} (the codec: pure, golden packets, fuzzed),
 * {@code client} (RFC 2131's state machine: pure, driven by packet and timer events through an
 * injected clock, timer and transport), {@code lease} (the lease value, the IPAM result, the JSON
 * store), {@code transport} (a UDP socket on port 68 inside the container's namespace). Here, a
 * {@code LeaseSession} per attachment drives its client with real time: one scheduler thread for
 * every timer, and a receiver thread per exchange in flight. A bound lease holds no thread, no
 * socket and no open namespace; at T1 the socket is opened again (through
 * {@link dev.weft.netlink.ns.NetNs#run}, a pooled worker that enters the namespace), and closed
 * when the exchange ends. The client identifier is the reference plugin's
 * ({@code 0x00 containerId/network/ifName}), so a repeated ADD, a restarted daemon, or a switch
 * from the reference daemon gets the same lease.
 *
 * <h2>Hazards and limits</h2>
 * <ul>
 * <li>Renewal is unicast from the leased address, so the main plugin must have configured it on
 *     the interface (as every CNI main plugin does with the IPAM result). A RELEASE with the address
 *     already gone falls back to broadcast.</li>
 * <li>If a server NAKs a renewal or the lease expires, the client acquires again in the
 *     background and may get another address; the container keeps the one it was configured with
 *     (an IPAM plugin cannot reconfigure a running container). This is logged as a warning.</li>
 * <li>A lease whose namespace or interface has gone (a container removed without DEL) is forgotten
 *     at its next renewal (or at resume) and its file deleted; the server's lease then expires.</li>
 * <li>A namespace given by {@code /proc/PID/ns/net} can be reused by another process after the
 *     container dies; named namespaces ({@code /run/netns/...}) are safe.</li>
 * <li>Timers use the JVM's monotonic scheduler: after a host suspend they fire late.</li>
 * <li>Strict reverse-path filtering in the container namespace drops broadcast replies before the
 *     interface has an address (see {@link dev.weft.dhcp.transport.UdpDhcpSocket}).</li>
 * </ul>
 */
package dev.weft.dhcp;
