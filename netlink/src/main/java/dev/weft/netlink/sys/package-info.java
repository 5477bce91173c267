/**
 * The raw layer: one {@code static final MethodHandle} per libc function ({@code socket},
 * {@code bind}, {@code setsockopt}, {@code sendto}, {@code recv}, {@code close}, {@code open},
 * {@code setns}, {@code unshare}, {@code mount}, {@code umount2}, {@code ioctl}), bound in the one
 * {@code @SuppressWarnings("restricted")} lookup method, requests built on them ({@link
 * dev.weft.netlink.sys.NsIoctl}: which kind of namespace a descriptor is), and {@link dev.weft.netlink.sys.Errno}, the
 * table of errno names.
 *
 * <p>Why errno is captured per call: {@code errno} is thread-local in C but a Java thread may be
 * rescheduled or run other native code before reading it, so each downcall uses
 * {@code Linker.Option.captureCallState("errno")} into a segment allocated for that call in a
 * confined arena — never a shared static segment, which concurrent calls would overwrite.
 *
 * <p>Nothing here knows netlink messages; failures are {@link dev.weft.netlink.sys.SyscallException}s
 * that the layer above maps through the errno table. Hazard: {@code setns} and {@code unshare}
 * change the calling <em>thread</em>; only {@link dev.weft.netlink.ns.NetNs} may call them, and only
 * on platform threads it creates for the purpose and lets die.
 */
package dev.weft.netlink.sys;
