/**
 * Netlink messages as pure values: {@link dev.weft.netlink.codec.MessageBuilder} writes a request
 * (header, family struct, nested aligned attributes); {@link dev.weft.netlink.codec.Message} and
 * {@link dev.weft.netlink.codec.Attrs} read replies. Host byte order (little endian on the machines
 * weft targets) except where the kernel wants network order, which callers state explicitly.
 * No I/O here, so every encoding is round-trip tested without root.
 */
package dev.weft.netlink.codec;
