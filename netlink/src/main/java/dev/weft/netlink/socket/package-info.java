/**
 * The socket layer: {@link dev.weft.netlink.socket.NetlinkSocket} (one object per netlink file
 * descriptor: requests with ACKs, multipart dumps, sequence checks, extended acks, DUMP_INTR),
 * {@link dev.weft.netlink.socket.ReplyCollector} and the one errno table
 * ({@link dev.weft.netlink.socket.NetlinkException}). The concept packages build on it; it knows
 * none of them, so the package graph has no cycle.
 */
package dev.weft.netlink.socket;
