/**
 * The kernel as the plugins need it. Operations are idempotent where the spec expects retries
 * (an address that is already there is success) and explain differences otherwise (a device with
 * the bridge's name that is not a bridge is an error naming its kind).
 *
 * <p>A warm ADD's kernel work is a few datagrams, not a request per step: {@code ensureBridge}
 * answers from the kernel's {@code BridgeCache} once a bridge was ensured (per namespace inode and
 * name), {@code createBridgePort} sends bridge-up, veth creation (up, enslaved, peer MAC chosen
 * here, new device echoed) and the bridge's read-back in one datagram, and {@code configure}
 * sends a container interface's addresses, link-up and routes in another. Hazard of the cache:
 * a bridge changed behind weft's back is noticed only by the next port creation, which reads it
 * back: one that is gone or renamed, or an index that is another device now, is forgotten, the
 * port undone, and the bridge ensured again. The default methods do the same step by step, for
 * fakes.
 *
 * <p>{@code ensureSysctl} (the bridge's {@code ip_forward}) is trusted for a second per namespace
 * and key ({@code SysctlCache}): the reference reads it on every ADD, a cache that never looked
 * again would leave forwarding off for good once someone turned it off; at most one read a second
 * bounds both. Bridge ports keep their IPv6 link-local address by default: without one
 * (addrgenmode none, a SETLINK by index after the port's datagram, since the kernel refuses the
 * attribute in a creation) the ADD measured no faster (docs/BENCHMARKS.md); the kernel keeps it as
 * an option to measure.
 */
package dev.weft.plugins.net;
