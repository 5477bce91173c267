/**
 * Kernel change notifications (rtnetlink multicast groups RTNLGRP_LINK, IPV4/6_IFADDR,
 * IPV4/6_ROUTE) for the agent's reconcile loops: a subscription owns its socket and one named
 * platform thread that decodes messages and hands them to a consumer in the kernel's order.
 *
 * <p>Hazards: events are hints, not a log — when the socket buffer overflows the kernel drops them
 * and weft delivers {@link dev.weft.netlink.event.KernelEvent.Overrun}; a reconcile loop must then
 * resync from a dump. A slow consumer delays the thread and makes overruns likelier. Closing stops
 * the thread within the 200 ms receive timeout, then closes the socket.
 */
package dev.weft.netlink.event;
