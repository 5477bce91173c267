/**
 * The raw layer: one {@code static final MethodHandle} per libc function, each call capturing
 * {@code errno} into a segment allocated for that call (never a shared static, which threads
 * would race on), and one errno → exception table ({@link dev.weft.netlink.sys.Errno}).
 *
 * <p>Nothing here knows netlink messages; the layer above owns file descriptors as objects.
 */
package dev.weft.netlink.sys;
