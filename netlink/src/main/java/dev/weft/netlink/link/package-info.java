/**
 * Links: {@link dev.weft.netlink.link.LinkSpec} is what to create (a sealed set of kinds, each a
 * record), {@link dev.weft.netlink.link.LinkInfo} what the kernel reports; {@link dev.weft.netlink.link.LinkCodec}
 * is the one place that knows their netlink encoding.
 */
package dev.weft.netlink.link;
