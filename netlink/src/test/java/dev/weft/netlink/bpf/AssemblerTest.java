package dev.weft.netlink.bpf;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static dev.weft.netlink.bpf.Assembler.Cond;
import static dev.weft.netlink.bpf.Assembler.R0;
import static dev.weft.netlink.bpf.Assembler.R1;
import static dev.weft.netlink.bpf.Assembler.R10;
import static dev.weft.netlink.bpf.Assembler.R2;
import static dev.weft.netlink.bpf.Assembler.R7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The assembler's encodings against what the kernel's {@code linux/filter.h} macros produce (the
 * hex below was checked against the instruction format by hand: opcode, dst | src << 4, offset LE,
 * immediate LE), and its jump resolution.
 */
class AssemblerTest {
    private static String hex(Assembler a) {
        return HexFormat.of().formatHex(a.assemble());
    }

    @Test
    void instructionsEncodeAsTheKernelDefinesThem() {
        assertThat(hex(new Assembler().mov(R7, R1))).as("BPF_MOV64_REG").isEqualTo("bf17000000000000");
        assertThat(hex(new Assembler().movImm(R0, -1))).as("BPF_MOV64_IMM, sign kept").isEqualTo("b7000000ffffffff");
        assertThat(hex(new Assembler().addImm(R2, -80))).as("BPF_ALU64_IMM(ADD)").isEqualTo("07020000b0ffffff");
        assertThat(hex(new Assembler().subImm(R2, 1))).isEqualTo("1702000001000000");
        assertThat(hex(new Assembler().load(Assembler.Size.W, R7, R1, 76))).as("BPF_LDX_MEM(W)").isEqualTo("61174c0000000000");
        assertThat(hex(new Assembler().load(Assembler.Size.H, R2, R7, 12))).isEqualTo("69720c0000000000");
        assertThat(hex(new Assembler().load(Assembler.Size.B, R2, R7, 22))).isEqualTo("7172160000000000");
        assertThat(hex(new Assembler().store(Assembler.Size.W, R10, -4, R2))).as("BPF_STX_MEM(W), negative offset")
                .isEqualTo("632afcff00000000");
        assertThat(hex(new Assembler().store(Assembler.Size.DW, R10, -8, R1))).isEqualTo("7b1af8ff00000000");
        assertThat(hex(new Assembler().storeImm(Assembler.Size.B, R10, -80, 2))).as("BPF_ST_MEM(B)").isEqualTo("720ab0ff02000000");
        assertThat(hex(new Assembler().toBigEndian(R2, 16))).as("BPF_ENDIAN(TO_BE, 16)").isEqualTo("dc02000010000000");
        assertThat(hex(new Assembler().call(69))).as("BPF_CALL fib_lookup").isEqualTo("8500000045000000");
        assertThat(hex(new Assembler().exit())).isEqualTo("9500000000000000");
    }

    @Test
    void aMapReferenceIsTheTwoSlotLoadWithTheMapFdMarker() {
        BpfMap map = new BpfMap(9, "m", 4, 4);
        assertThat(hex(new Assembler().loadMap(R1, map))).as("BPF_LD_MAP_FD(R1, 9)")
                .isEqualTo("1811000009000000" + "0000000000000000");
    }

    @Test
    void jumpsResolveToTheirLabelsForwardAndBack() {
        Assembler a = new Assembler()
                .label("top")
                .jumpIf(R2, Cond.NE, 8, "out")      // 0 -> 3: offset 2
                .jumpIfReg(R2, Cond.GT, R7, "top")  // 1 -> 0: offset -2
                .jump("out")                        // 2 -> 3: offset 0
                .label("out").exit();
        assertThat(hex(a)).isEqualTo("5502020008000000" + "2d72feff00000000" + "0500000000000000" + "9500000000000000");
    }

    @Test
    void labelsMustBePlacedOnceAndRegistersExist() {
        assertThatThrownBy(() -> new Assembler().jump("nowhere").assemble()).hasMessageContaining("nowhere");
        assertThatThrownBy(() -> new Assembler().label("x").exit().label("x")).hasMessageContaining("placed twice");
        assertThatThrownBy(() -> new Assembler().mov(11, R0)).hasMessageContaining("r11");
        assertThatThrownBy(() -> new Assembler().toBigEndian(R0, 24)).hasMessageContaining("24 bits");
        assertThatThrownBy(() -> new Assembler().load(Assembler.Size.W, R0, R1, 40000)).hasMessageContaining("offset");
    }
}
