/**
 * The protocol between the {@code weft-dhcp} plugin and the process that holds a node's DHCP
 * leases ({@code weft dhcp daemon}, or the node agent for a plugin call that reaches it through
 * the JVM path), on a unix socket of mode 0600 (default {@code /run/weft/dhcp.sock}).
 *
 * <h2>Why JSON lines, not the fast path's frames</h2>
 * The fast path's frames carry a whole CNI call (env, stdin, stdout, exit) for the agent to run a
 * plugin; here the plugin has already parsed its call and only needs a lease operation, so the
 * messages are the operations themselves: one line of JSON each way, one request per connection.
 * They are small (a lease is ~300 bytes), readable with {@code socat} when debugging, and the
 * codec ({@link dev.weft.dhcp.daemon.DaemonCodec}) is pure and golden-tested. A connection costs
 * ~50 µs against the DHCP exchange's milliseconds.
 *
 * <h2>Messages</h2>
 * <pre>
 * → {"v":1,"op":"acquire","containerId":"c1","network":"lan","ifName":"eth0","netns":"/run/netns/p1",
 *    "request":[1,3,6,15,33,121],"provide":{"12":"706f6431"},"timeoutMs":10000}
 * → {"v":1,"op":"release"|"check","containerId":"c1","network":"lan","ifName":"eth0"}
 * → {"v":1,"op":"renew","containerId":"c1","network":"lan","ifName":"eth0","timeoutMs":10000}
 * → {"v":1,"op":"list"}
 * ← {"ok":true,"lease":{"address":"192.0.2.50/24","gateway":"192.0.2.1","routes":[{"dst":"0.0.0.0/0","gw":"192.0.2.1"}],
 *    "dns":["192.0.2.53"],"domain":"weft.test","serverId":"192.0.2.1","boundAt":"2026-12-02T04:00:00Z",
 *    "leaseSeconds":120,"renewalSeconds":60,"rebindingSeconds":105}}
 * ← {"ok":true,"sent":true}                    (release: whether a DHCPRELEASE went out)
 * ← {"ok":true,"leases":[{"containerId":…,"network":…,"ifName":…,"lease":{…}}]}
 * ← {"ok":false,"reason":"TIMEOUT"|"NOT_BOUND"|"NO_INTERFACE"|"TRANSPORT"|"STORE","message":"…"}
 * </pre>
 * {@code provide} values are hex (an option's raw bytes); a missing {@code request} means the
 * default list. Unknown fields are ignored; a request of another {@code v} is refused.
 *
 * <h2>Hazards</h2>
 * <ul>
 * <li>The reference {@code dhcp} daemon's socket ({@code /run/cni/dhcp.sock}) speaks Go's net/rpc,
 *     not this: a {@code daemonSocketPath} pointing there is reported as such, not mistaken for a
 *     missing daemon.</li>
 * <li>Whoever serves the socket owns the node's leases (and its lease directory). An agent finds a
 *     live {@code weft dhcp daemon} on its socket and uses it instead of holding leases itself; a
 *     daemon refuses a socket that a live agent serves. Two holders renewing the same leases
 *     would each send REQUESTs for them: harmless to the server, but each would release at DEL.</li>
 * <li>The socket is the only access control: mode 0600, root's.</li>
 * </ul>
 */
package dev.weft.dhcp.daemon;
