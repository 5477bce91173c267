/**
 * The socket layer: {@link dev.weft.netlink.socket.NetlinkSocket} (one object per netlink file
 * descriptor: requests with ACKs, multipart dumps, sequence checks, extended acks, DUMP_INTR),
 * {@link dev.weft.netlink.socket.ReplyCollector} and the one errno table
 * ({@link dev.weft.netlink.socket.NetlinkException}). The concept packages build on it; it knows
 * none of them, so the package graph has no cycle.
 *
 * <p>Batches: {@code requestAll} sends several requests in one datagram. The kernel handles the
 * messages of one datagram in order, each with its own ACK or error, and goes on after an error;
 * {@link dev.weft.netlink.socket.Batch} routes the replies by sequence number and hands back one
 * {@link dev.weft.netlink.socket.Reply} per request, so a caller knows which took effect. A
 * datagram holds at most the socket's send buffer; weft batches a handful of small requests.
 */
package dev.weft.netlink.socket;
