/**
 * weft's main CNI plugins, one package each with one entry class and one config record:
 * {@code bridge}, {@code ptp}, {@code macvlan}, {@code hostdevice}, {@code loopback}.
 *
 * <p>Plugins talk to the kernel through the narrow port in {@code net} ({@link dev.weft.plugins.net.Kernel},
 * {@link dev.weft.plugins.net.Namespace}): idempotent operations phrased the way plugins think
 * (ensure a bridge, create a veth pair across namespaces, give an address), implemented on weft's
 * netlink and, for unit tests, by an in-memory fake.
 */
package dev.weft.plugins;
