package dev.weft.netlink.bpf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes eBPF instructions (the kernel's {@code struct bpf_insn}: opcode, dst and src registers,
 * 16-bit offset, 32-bit immediate, little-endian) with named jump targets. Only what weft's
 * programs use; each method is one instruction (two for {@link #loadMap}). Jumps name a label that
 * {@link #label} places anywhere in the program; {@link #assemble} resolves them and refuses a
 * label used but never placed, placed twice, or out of a jump's reach.
 */
public final class Assembler {
    /** Registers: R0 return value, R1-R5 arguments (clobbered by calls), R6-R9 kept across calls, R10 frame pointer. */
    public static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5, R6 = 6, R7 = 7, R8 = 8, R9 = 9, R10 = 10;

    /** Access widths. */
    public enum Size {
        W(0x00, 4), H(0x08, 2), B(0x10, 1), DW(0x18, 8);

        final int code;
        public final int bytes;

        Size(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }
    }

    /** Conditional jumps (unsigned comparisons). */
    public enum Cond {
        EQ(0x10), GT(0x20), GE(0x30), NE(0x50), LT(0xa0), LE(0xb0);

        final int op;

        Cond(int op) {
            this.op = op;
        }
    }

    private static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, JMP = 0x05, ALU64 = 0x07;
    private static final int MEM = 0x60, IMM = 0x00, K = 0x00, X = 0x08;
    private static final int ADD = 0x00, SUB = 0x10, MOV = 0xb0, END = 0xd0, TO_BE = 0x08, ALU = 0x04;
    private static final int CALL = 0x80, EXIT = 0x90, JA = 0x00;
    private static final int PSEUDO_MAP_FD = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Jump> jumps = new ArrayList<>();

    private record Jump(int at, String label) {
    }

    /** The index the next instruction gets. */
    public int position() {
        return out.size() / 8;
    }

    /** {@code dst = src} (64-bit). */
    public Assembler mov(int dst, int src) {
        return insn(ALU64 | MOV | X, dst, src, 0, 0);
    }

    /** {@code dst = imm} (sign-extended to 64 bits). */
    public Assembler movImm(int dst, int imm) {
        return insn(ALU64 | MOV | K, dst, 0, 0, imm);
    }

    /** {@code dst += imm}. */
    public Assembler addImm(int dst, int imm) {
        return insn(ALU64 | ADD | K, dst, 0, 0, imm);
    }

    /** {@code dst -= imm}. */
    public Assembler subImm(int dst, int imm) {
        return insn(ALU64 | SUB | K, dst, 0, 0, imm);
    }

    /** {@code dst = htobe(dst)} on its low {@code bits} (16, 32 or 64): a byte swap on a little-endian host. */
    public Assembler toBigEndian(int dst, int bits) {
        if (bits != 16 && bits != 32 && bits != 64) {
            throw new IllegalArgumentException("byte swap of " + bits + " bits");
        }
        return insn(ALU | END | TO_BE, dst, 0, 0, bits);
    }

    /** {@code dst = *(size *)(src + off)}. */
    public Assembler load(Size size, int dst, int src, int off) {
        return insn(LDX | MEM | size.code, dst, src, off, 0);
    }

    /** {@code *(size *)(dst + off) = src}. */
    public Assembler store(Size size, int dst, int off, int src) {
        return insn(STX | MEM | size.code, dst, src, off, 0);
    }

    /** {@code *(size *)(dst + off) = imm}. */
    public Assembler storeImm(Size size, int dst, int off, int imm) {
        return insn(ST | MEM | size.code, dst, 0, off, imm);
    }

    /** {@code dst = map} for a helper's map argument: the two-slot load the kernel rewrites to the map's address. */
    public Assembler loadMap(int dst, BpfMap map) {
        insn(LD | IMM | Size.DW.code, dst, PSEUDO_MAP_FD, 0, map.fd());
        return insn(0, 0, 0, 0, 0);
    }

    /** {@code if (dst cond imm) goto label}. */
    public Assembler jumpIf(int dst, Cond cond, int imm, String label) {
        jumps.add(new Jump(position(), label));
        return insn(JMP | cond.op | K, dst, 0, 0, imm);
    }

    /** {@code if (dst cond src) goto label}. */
    public Assembler jumpIfReg(int dst, Cond cond, int src, String label) {
        jumps.add(new Jump(position(), label));
        return insn(JMP | cond.op | X, dst, src, 0, 0);
    }

    /** {@code goto label}. */
    public Assembler jump(String label) {
        jumps.add(new Jump(position(), label));
        return insn(JMP | JA, 0, 0, 0, 0);
    }

    /** Calls helper number {@code helper}: arguments in R1-R5, result in R0. */
    public Assembler call(int helper) {
        return insn(JMP | CALL, 0, 0, 0, helper);
    }

    /** Returns R0. */
    public Assembler exit() {
        return insn(JMP | EXIT, 0, 0, 0, 0);
    }

    /** Places {@code name} at the next instruction. */
    public Assembler label(String name) {
        if (labels.putIfAbsent(name, position()) != null) {
            throw new IllegalStateException("label " + name + " placed twice");
        }
        return this;
    }

    /** The program's instructions, jumps resolved. */
    public byte[] assemble() {
        byte[] code = out.toByteArray();
        for (Jump j : jumps) {
            Integer target = labels.get(j.label());
            if (target == null) {
                throw new IllegalStateException("jump to label " + j.label() + " that is never placed");
            }
            int off = target - j.at() - 1;
            if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
                throw new IllegalStateException("jump to " + j.label() + " is out of reach");
            }
            code[j.at() * 8 + 2] = (byte) off;
            code[j.at() * 8 + 3] = (byte) (off >> 8);
        }
        return code;
    }

    private Assembler insn(int code, int dst, int src, int off, int imm) {
        if (dst < 0 || dst > R10 || src < 0 || src > R10) {
            throw new IllegalArgumentException("register r" + dst + "/r" + src);
        }
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + off);
        }
        out.write(code);
        out.write(src << 4 | dst);
        out.write(off);
        out.write(off >> 8);
        out.write(imm);
        out.write(imm >> 8);
        out.write(imm >> 16);
        out.write(imm >>> 24);
        return this;
    }
}
