package dev.weft.netlink.bpf;

import dev.weft.net.InterfaceName;
import dev.weft.netlink.it.TestNs;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.sys.SyscallException;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.weft.netlink.bpf.Assembler.R0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * bpf(2) against the kernel: maps keep and drop entries, the verifier's refusal comes back with its
 * log, a program runs on a test packet, and tcx attaches, lists (by id and name) and detaches
 * programs on a device of a namespace of the test's own.
 */
@RequiresRoot
class BpfNetnsTest {
    private TestNs ns;

    @AfterEach
    void tearDown() {
        TestNs.closeAll(ns);
    }

    private static BpfProgram returning(String name, int verdict) {
        return BpfProgram.load(BpfProgram.SCHED_CLS, name, new Assembler().movImm(R0, verdict).exit().assemble());
    }

    @Test
    void mapsKeepReplaceAndDropEntries() {
        try (BpfMap hash = BpfMap.create(BpfMap.HASH, "t_hash", 4, 4, 8);
             BpfMap lpm = BpfMap.create(BpfMap.LPM_TRIE, "t_lpm", 8, 4, 8)) {
            byte[] key = {10, 0, 0, 1};
            assertThat(hash.get(key)).isEmpty();
            hash.put(key, new byte[] {1, 2, 3, 4});
            hash.put(key, new byte[] {5, 6, 7, 8});
            assertThat(hash.get(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(5, 6, 7, 8));
            assertThat(hash.remove(key)).isTrue();
            assertThat(hash.remove(key)).isFalse();
            assertThat(hash.get(key)).isEmpty();

            lpm.put(new byte[] {16, 0, 0, 0, 10, (byte) 244, 0, 0}, new byte[] {1, 0, 0, 0});
            assertThat(lpm.get(new byte[] {32, 0, 0, 0, 10, (byte) 244, 7, 9})).as("longest prefix: inside /16").isPresent();
            assertThat(lpm.get(new byte[] {32, 0, 0, 0, 10, (byte) 245, 7, 9})).isEmpty();
            assertThatThrownBy(() -> hash.put(new byte[3], new byte[4])).hasMessageContaining("key of 3 bytes");
        }
    }

    @Test
    void aProgramsMapsAreFoundByIdOpenedAgainAndListed() {
        try (BpfMap hash = BpfMap.create(BpfMap.HASH, "t_shared", 4, 4, 8);
             BpfProgram p = BpfProgram.load(BpfProgram.SCHED_CLS, "t_reads",
                     new Assembler().loadMap(Assembler.R1, hash).movImm(R0, BpfProgram.TC_NEXT).exit().assemble())) {
            BpfMap.Info info = hash.info();
            assertThat(info).isEqualTo(new BpfMap.Info(info.id(), BpfMap.HASH, 4, 4, 8, "t_shared"));
            assertThat(Tcx.info(p.id()).mapIds()).containsExactly(info.id());
            assertThat(hash.keys()).isEmpty();
            hash.put(new byte[] {10, 0, 0, 1}, new byte[] {1, 0, 0, 0});
            hash.put(new byte[] {10, 0, 0, 2}, new byte[] {2, 0, 0, 0});
            try (BpfMap again = BpfMap.open(info.id())) {
                assertThat(again.info()).isEqualTo(info);
                assertThat(again.keys()).hasSize(2).anySatisfy(k -> assertThat(k).containsExactly(10, 0, 0, 1))
                        .anySatisfy(k -> assertThat(k).containsExactly(10, 0, 0, 2));
                again.remove(new byte[] {10, 0, 0, 1});
                assertThat(hash.get(new byte[] {10, 0, 0, 1})).as("one map, two descriptors").isEmpty();
            }
            assertThatThrownBy(() -> BpfMap.open(Integer.MAX_VALUE)).isInstanceOf(SyscallException.class)
                    .hasMessageContaining("MAP_GET_FD_BY_ID");
        }
    }

    @Test
    void theVerifiersRefusalCarriesItsLog() {
        byte[] noExit = new Assembler().movImm(R0, 0).assemble();
        assertThatThrownBy(() -> BpfProgram.load(BpfProgram.SCHED_CLS, "t_bad", noExit))
                .isInstanceOf(SyscallException.class)
                .hasMessageContaining("PROG_LOAD t_bad").hasMessageContaining("verifier");
        assertThatThrownBy(() -> BpfProgram.load(BpfProgram.SCHED_CLS, "name-with-dash", noExit))
                .hasMessageContaining("at most 15 of");
    }

    @Test
    void aProgramRunsOnATestPacketAndTcxKeepsItOnTheDevice() {
        ns = TestNs.create("bpf");
        LinkInfo veth = ns.nl.links().addAndGet(new LinkSpec.Veth(InterfaceName.of("tb0"), 0, InterfaceName.of("tb1"), -1));
        int ifindex = veth.index();
        try (BpfProgram redirect = returning("t_seven", BpfProgram.TC_REDIRECT);
             BpfProgram next = returning("t_next", BpfProgram.TC_NEXT)) {
            ns.ns.run(() -> {
                byte[] frame = new byte[60];
                BpfProgram.TestRun run = redirect.testRun(frame, ifindex);
                assertThat(run.retval()).isEqualTo(BpfProgram.TC_REDIRECT);
                assertThat(run.packet()).hasSize(60);

                assertThat(Tcx.ids(ifindex, Tcx.Direction.INGRESS)).isEmpty();
                Tcx.attach(ifindex, Tcx.Direction.INGRESS, next);
                Tcx.attach(ifindex, Tcx.Direction.INGRESS, redirect);
                assertThat(Tcx.programs(ifindex, Tcx.Direction.INGRESS)).as("in attach order")
                        .extracting(BpfProgram.Info::name).containsExactly("t_next", "t_seven");
                assertThat(Tcx.ids(ifindex, Tcx.Direction.INGRESS)).containsExactly(next.id(), redirect.id());
                assertThat(Tcx.ids(ifindex, Tcx.Direction.EGRESS)).isEmpty();

                Tcx.detach(ifindex, Tcx.Direction.INGRESS, next.id());
                assertThat(Tcx.programs(ifindex, Tcx.Direction.INGRESS)).extracting(BpfProgram.Info::name)
                        .containsExactly("t_seven");
                assertThatThrownBy(() -> Tcx.attach(987654, Tcx.Direction.INGRESS, next))
                        .isInstanceOf(SyscallException.class).hasMessageContaining("ifindex 987654");
                return null;
            });
        }
        // the programs stay on the device after their descriptors closed
        assertThat(ns.ns.run(() -> Tcx.programs(ifindex, Tcx.Direction.INGRESS))).extracting(BpfProgram.Info::name)
                .containsExactly("t_seven");
    }
}
