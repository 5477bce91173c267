/**
 * The kernel objects of the UDP overlay, made through weft's own syscalls and netlink: the TUN
 * device and its queues ({@link dev.weft.overlay.udp.io.TunDevice}), the underlay sockets
 * ({@link dev.weft.overlay.udp.io.UdpSockets}), the device's MTU, address and route
 * ({@link dev.weft.overlay.udp.io.DeviceSetup}), and what the kernel offers
 * ({@link dev.weft.overlay.udp.io.FeatureProbe}). All of it is made in the network namespace of
 * the calling thread; the fds then work from any thread.
 */
package dev.weft.overlay.udp.io;
