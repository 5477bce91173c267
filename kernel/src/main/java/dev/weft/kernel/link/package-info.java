/**
 * Links: {@link dev.weft.kernel.link.LinkSpec} is what to create (a sealed set of kinds, each a
 * record), {@link dev.weft.kernel.link.LinkInfo} what the kernel reports; {@link dev.weft.kernel.link.LinkCodec}
 * is the one place that knows their netlink encoding.
 */
package dev.weft.kernel.link;
