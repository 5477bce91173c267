/**
 * Netlink messages as pure values: {@link dev.weft.kernel.codec.MessageBuilder} writes a request
 * (header, family struct, nested aligned attributes); {@link dev.weft.kernel.codec.Message} and
 * {@link dev.weft.kernel.codec.Attrs} read replies. Host byte order (little endian on the machines
 * weft targets) except where the kernel wants network order, which callers state explicitly.
 * No I/O here, so every encoding is round-trip tested without root.
 */
package dev.weft.kernel.codec;
