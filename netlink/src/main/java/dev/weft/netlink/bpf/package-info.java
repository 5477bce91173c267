/**
 * eBPF through bpf(2), no libbpf: an assembler for small programs ({@link dev.weft.netlink.bpf.Assembler}),
 * maps and programs as file descriptors ({@link dev.weft.netlink.bpf.BpfMap},
 * {@link dev.weft.netlink.bpf.BpfProgram}), tcx attachment to a device's ingress or egress
 * ({@link dev.weft.netlink.bpf.Tcx}) and test runs. Every call reports failure as a
 * {@link dev.weft.netlink.sys.SyscallException} naming the command.
 */
package dev.weft.netlink.bpf;
