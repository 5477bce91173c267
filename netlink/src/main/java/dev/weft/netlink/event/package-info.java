/**
 * Kernel change notifications (rtnetlink multicast groups) for the agent's reconcile loops: a
 * subscription owns its socket and a named platform thread that decodes messages and hands them
 * to a consumer; closing it stops the thread within the socket's receive timeout.
 */
package dev.weft.netlink.event;
