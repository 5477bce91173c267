/**
 * Netlink messages as pure values: {@link dev.weft.netlink.codec.MessageBuilder} writes a request
 * ({@code nlmsghdr}, the family struct, 4-byte-aligned attributes, nests whose length is patched
 * when they close); {@link dev.weft.netlink.codec.Message} splits a datagram into messages and
 * {@link dev.weft.netlink.codec.Attrs} reads one level of attributes (a type may repeat).
 *
 * <p>Why separate: no I/O here, so every encoding is tested byte for byte and decoded back without
 * root or a kernel. Limits: host byte order throughout (the kernel's), except where the kernel wants
 * network order (VXLAN port), which callers state with {@code be16}. Malformed input (a length past
 * the end) is rejected with an exception, never guessed at.
 */
package dev.weft.netlink.codec;
