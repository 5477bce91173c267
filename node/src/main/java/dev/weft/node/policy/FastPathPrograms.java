package dev.weft.node.policy;

import dev.weft.netlink.bpf.Assembler;
import dev.weft.netlink.bpf.BpfMap;
import dev.weft.netlink.bpf.BpfProgram;

import static dev.weft.netlink.bpf.Assembler.Cond;
import static dev.weft.netlink.bpf.Assembler.R0;
import static dev.weft.netlink.bpf.Assembler.R1;
import static dev.weft.netlink.bpf.Assembler.R10;
import static dev.weft.netlink.bpf.Assembler.R2;
import static dev.weft.netlink.bpf.Assembler.R3;
import static dev.weft.netlink.bpf.Assembler.R4;
import static dev.weft.netlink.bpf.Assembler.R6;
import static dev.weft.netlink.bpf.Assembler.R7;
import static dev.weft.netlink.bpf.Assembler.R8;
import static dev.weft.netlink.bpf.Assembler.R9;
import static dev.weft.netlink.bpf.Assembler.Size.B;
import static dev.weft.netlink.bpf.Assembler.Size.DW;
import static dev.weft.netlink.bpf.Assembler.Size.H;
import static dev.weft.netlink.bpf.Assembler.Size.W;

/**
 * The eBPF fast path's two tcx ingress programs, written for {@link Assembler} (the same decisions
 * as the nftables table {@link dev.weft.policy.compile.FastPath}):
 * <ul>
 *   <li>{@code weft_from_pod}, on each routed pod's host veth: an IPv4 packet whose source is the
 *   pod behind this veth ({@code pods[saddr] == ifindex}, so a spoofed source is not fast) and whose
 *   destination is another node's pod subnet ({@code remote} holds them, longest prefix) is routed
 *   by the kernel's FIB ({@code bpf_fib_lookup}: BIRD's route, the neighbour's MAC), its TTL
 *   decremented, and sent out of the uplink with {@code bpf_redirect}: no IP forward, no
 *   conntrack, no netfilter on the node.</li>
 *   <li>{@code weft_to_pod}, on the uplinks: an IPv4 packet from another node's pod subnet to a fast
 *   pod has its TTL decremented and goes straight into the pod's namespace with
 *   {@code bpf_redirect_peer}, which skips the veth's transmit and the backlog queue behind it (the
 *   cost the nftables table could not avoid). The frame keeps its Ethernet addresses; the kernel
 *   delivers it to the pod as addressed to it.</li>
 * </ul>
 * Anything else returns {@link BpfProgram#TC_NEXT} and takes the kernel's path: other protocols,
 * IP options, a TTL at or below 32 (traceroute's probes, whose ICMP answers conntrack would call
 * invalid had it not seen the probe), routes the FIB cannot resolve yet (no neighbour entry:
 * the kernel's path resolves it), or a packet too big for the egress device (GSO packets are not:
 * they are segmented on the way out, as after the kernel's forward).
 *
 * <p>Maps: {@code pods}, hash, key the pod's IPv4 address (network order), value the host veth's
 * interface index (u32); {@code remote}, LPM trie, key {prefix length (u32), IPv4 address}, value 1.
 */
final class FastPathPrograms {
    static final String FROM_POD = "weft_from_pod";
    static final String TO_POD = "weft_to_pod";
    /** Packets at or below this TTL take the kernel's path. */
    static final int TTL_FLOOR = 32;

    private static final int FIB_LOOKUP = 69, REDIRECT = 23, REDIRECT_PEER = 155, MAP_LOOKUP = 1;
    /** struct __sk_buff: ifindex, data, data_end. */
    private static final int SKB_IFINDEX = 40, SKB_DATA = 76, SKB_DATA_END = 80;
    /** Frame offsets: ethertype, then the IPv4 header at 14. */
    private static final int ETH_TYPE = 12, IP = 14, IP_TOS = IP + 1, IP_TTL = IP + 8,
            IP_CHECK = IP + 10, IP_SRC = IP + 12, IP_DST = IP + 16, HEADERS = IP + 20;
    /** ETH_P_IP as a little-endian load of its two network-order bytes. */
    private static final int ETH_P_IP_LOADED = 0x0008;
    /** struct bpf_fib_lookup on the stack (64 bytes) and its fields. */
    private static final int FIB = -80, FIB_SIZE = 64, FIB_IFINDEX = 8, FIB_TOS = 12,
            FIB_SRC = 16, FIB_DST = 32, FIB_SMAC = 52, FIB_DMAC = 58;
    /** Stack slots for map keys. */
    private static final int POD_KEY = -4, LPM_KEY = -16;
    private static final int AF_INET = 2;

    private FastPathPrograms() {
    }

    static byte[] fromPod(BpfMap pods, BpfMap remote) {
        Assembler a = new Assembler();
        headers(a);
        // pods[saddr] must be this veth
        lookupAddress(a, pods, IP_SRC);
        a.load(W, R2, R0, 0).load(W, R3, R6, SKB_IFINDEX).jumpIfReg(R2, Cond.NE, R3, "pass");
        lookupRemote(a, remote, IP_DST);
        // the FIB's route and neighbour for the packet
        a.movImm(R1, 0);
        for (int i = 0; i < FIB_SIZE; i += 8) {
            a.store(DW, R10, FIB + i, R1);
        }
        // tot_len stays 0: the helper then checks the packet against the egress device's MTU as the
        // kernel's forward does (is_skb_forwardable, which lets GSO packets through); a tot_len
        // would compare a TCP GSO packet's 64 KB against the MTU and send every one the slow way
        a.storeImm(B, R10, FIB, AF_INET)
                .load(W, R2, R6, SKB_IFINDEX).store(W, R10, FIB + FIB_IFINDEX, R2)
                .load(B, R2, R7, IP_TOS).store(B, R10, FIB + FIB_TOS, R2)
                .load(W, R2, R7, IP_SRC).store(W, R10, FIB + FIB_SRC, R2)
                .load(W, R2, R7, IP_DST).store(W, R10, FIB + FIB_DST, R2)
                .mov(R1, R6).mov(R2, R10).addImm(R2, FIB).movImm(R3, FIB_SIZE).movImm(R4, 0).call(FIB_LOOKUP)
                .jumpIf(R0, Cond.NE, 0, "pass");
        decrementTtl(a);
        for (int i = 0; i < 6; i += 2) {
            a.load(H, R2, R10, FIB + FIB_DMAC + i).store(H, R7, i, R2);
            a.load(H, R2, R10, FIB + FIB_SMAC + i).store(H, R7, 6 + i, R2);
        }
        a.load(W, R1, R10, FIB + FIB_IFINDEX).movImm(R2, 0).call(REDIRECT).exit();
        pass(a);
        return a.assemble();
    }

    static byte[] toPod(BpfMap pods, BpfMap remote) {
        Assembler a = new Assembler();
        headers(a);
        lookupAddress(a, pods, IP_DST);
        a.mov(R9, R0);
        lookupRemote(a, remote, IP_SRC);
        decrementTtl(a);
        a.load(W, R1, R9, 0).movImm(R2, 0).call(REDIRECT_PEER).exit();
        pass(a);
        return a.assemble();
    }

    /** R6 = ctx, R7 = frame start, R8 = frame end; on to "pass" unless an option-less IPv4 header with TTL > floor. */
    private static void headers(Assembler a) {
        a.mov(R6, R1).load(W, R7, R6, SKB_DATA).load(W, R8, R6, SKB_DATA_END)
                .mov(R2, R7).addImm(R2, HEADERS).jumpIfReg(R2, Cond.GT, R8, "pass")
                .load(H, R2, R7, ETH_TYPE).jumpIf(R2, Cond.NE, ETH_P_IP_LOADED, "pass")
                .load(B, R2, R7, IP).jumpIf(R2, Cond.NE, 0x45, "pass")
                .load(B, R2, R7, IP_TTL).jumpIf(R2, Cond.LE, TTL_FLOOR, "pass");
    }

    /** R0 = pods[the address at {@code offset}], on to "pass" when absent. */
    private static void lookupAddress(Assembler a, BpfMap pods, int offset) {
        a.load(W, R2, R7, offset).store(W, R10, POD_KEY, R2)
                .loadMap(R1, pods).mov(R2, R10).addImm(R2, POD_KEY).call(MAP_LOOKUP)
                .jumpIf(R0, Cond.EQ, 0, "pass");
    }

    /** On to "pass" unless the address at {@code offset} is in a remote pod subnet. */
    private static void lookupRemote(Assembler a, BpfMap remote, int offset) {
        a.storeImm(W, R10, LPM_KEY, 32).load(W, R2, R7, offset).store(W, R10, LPM_KEY + 4, R2)
                .loadMap(R1, remote).mov(R2, R10).addImm(R2, LPM_KEY).call(MAP_LOOKUP)
                .jumpIf(R0, Cond.EQ, 0, "pass");
    }

    /** ip_decrease_ttl: TTL minus one, the header checksum adjusted incrementally (RFC 1624). */
    private static void decrementTtl(Assembler a) {
        a.load(H, R2, R7, IP_CHECK).addImm(R2, 0x0001) // htons(0x0100) as loaded on a little-endian host
                .jumpIf(R2, Cond.LT, 0xffff, "checked").addImm(R2, 1).label("checked")
                .store(H, R7, IP_CHECK, R2)
                .load(B, R2, R7, IP_TTL).subImm(R2, 1).store(B, R7, IP_TTL, R2);
    }

    private static void pass(Assembler a) {
        a.label("pass").movImm(R0, BpfProgram.TC_NEXT).exit();
    }
}
