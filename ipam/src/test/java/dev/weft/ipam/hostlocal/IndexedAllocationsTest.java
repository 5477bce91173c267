package dev.weft.ipam.hostlocal;

import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's in-memory allocations against other writers of the same directory: weft's JVM path
 * (files every call) and the reference host-local executable. The index must never answer from a
 * state the disk no longer has, and must read the files only when someone else wrote them.
 */
class IndexedAllocationsTest {
    private static final Path REFERENCE = Path.of("/usr/lib/cni/host-local");

    @TempDir
    Path data;
    private final IndexedAllocations.Registry registry = new IndexedAllocations.Registry();
    private final PluginHarness agent = new PluginHarness(new HostLocalPlugin(registry));
    private final PluginHarness jvmPath = new PluginHarness(new HostLocalPlugin());

    @AfterEach
    void close() {
        registry.close();
    }

    private String conf() {
        return """
                {"cniVersion": "1.0.0", "name": "net1", "type": "bridge",
                 "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.7.0.0/24"}]]}}
                """.formatted(data);
    }

    private String add(PluginHarness plugin, String id) {
        Outcome o = plugin.run("ADD", id, conf());
        assertThat(o.exit()).as(o.err()).isZero();
        return o.out().path("ips").path(0).path("address").asString().replace("/24", "");
    }

    private void del(PluginHarness plugin, String id) {
        Outcome o = plugin.run("DEL", id, conf());
        assertThat(o.exit()).as(o.err()).isZero();
    }

    private String owner(String ip) throws IOException {
        Path f = data.resolve("net1").resolve(ip);
        return Files.exists(f) ? Files.readString(f).split("\r\n")[0] : "<free>";
    }

    private IndexedAllocations index() {
        return registry.of(data, "net1");
    }

    @Test
    void repeatedAddsAndDelsOfItsOwnReadTheFilesOnce() {
        for (int i = 0; i < 20; i++) {
            add(agent, "c" + i);
        }
        for (int i = 0; i < 20; i += 2) {
            del(agent, "c" + i);
        }
        assertThat(add(agent, "c1")).as("a retried ADD").isEqualTo("10.7.0.3");
        assertThat(index().reloads()).as("files read only when first used").isEqualTo(1);
        assertThat(index().allocations()).isEqualTo(new AllocationStore(data, "net1").allocations());
    }

    /**
     * The agent's ADD claims its address and answers; {@code last_reserved_ip} (only the
     * round-robin's start) follows on the index's writer thread, once for a burst. Once written,
     * another process's round-robin starts after it.
     */
    @Test
    void lastReservedIsWrittenBehindTheAdd_andTheJvmPathRoundRobinsFromIt() throws Exception {
        Path last = data.resolve("net1").resolve("last_reserved_ip.0");
        String a = add(agent, "a");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(last) && Files.readString(last).equals(a)) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(Files.readString(last)).as("written behind, without being asked").isEqualTo(a);
        String b = add(agent, "b");
        del(agent, "b");
        index().settle();
        assertThat(Files.readString(last)).isEqualTo(b);
        assertThat(add(jvmPath, "c")).as("round robin after the agent's last reservation, not reusing it")
                .isEqualTo("10.7.0.4");
        assertThat(add(agent, "d")).isEqualTo("10.7.0.5");
    }

    @Test
    void seesWhatTheJvmPathWroteBeforeAnsweringAgain() throws IOException {
        String a = add(agent, "a");
        String b = add(jvmPath, "b");
        String c = add(agent, "c");
        assertThat(Set.of(a, b, c)).hasSize(3);
        long before = index().reloads();
        del(jvmPath, "a"); // behind the agent's back
        String again = add(agent, "a");
        assertThat(index().reloads()).isGreaterThan(before);
        assertThat(owner(again)).as("the address the agent answers is held on disk by a").isEqualTo("a");
        del(jvmPath, "c");
        del(agent, "c"); // nothing left to free: succeeds, frees nothing of anyone else
        assertThat(owner(b)).isEqualTo("b");
        assertThat(index().allocations()).isEqualTo(new AllocationStore(data, "net1").allocations());
    }

    @Test
    void interleavedWithTheReferenceHostLocalNoAddressIsGivenTwice() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(REFERENCE),
                "the reference plugins (containernetworking-plugins) are installed by ./weft test");
        java.util.Map<String, String> given = new java.util.HashMap<>();
        for (int i = 0; i < 10; i++) {
            given.put("w" + i, add(agent, "w" + i));
            given.put("r" + i, reference("ADD", "r" + i));
        }
        assertThat(new HashSet<>(given.values())).as("distinct").hasSize(20);
        reference("DEL", "w3"); // the reference frees an address the agent gave
        given.put("w3", add(agent, "w3"));
        assertThat(new HashSet<>(given.values())).as("distinct").hasSize(20);
        for (var e : given.entrySet()) {
            assertThat(owner(e.getValue())).as(e.getValue()).isEqualTo(e.getKey());
        }
        assertThat(index().allocations()).isEqualTo(new AllocationStore(data, "net1").allocations());
    }

    /** The reference host-local run as a runtime runs it; returns the address of an ADD. */
    private String reference(String command, String id) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(REFERENCE.toString());
        pb.environment().putAll(java.util.Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", id,
                "CNI_NETNS", "/proc/self/ns/net", "CNI_IFNAME", "eth0", "CNI_PATH", "/usr/lib/cni"));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process ref = pb.start();
        ref.getOutputStream().write(conf().getBytes(StandardCharsets.UTF_8));
        ref.getOutputStream().close();
        String out = new String(ref.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ref.waitFor()).as(out).isZero();
        if (!command.equals("ADD")) {
            return "";
        }
        var ips = tools.jackson.databind.json.JsonMapper.builder().build().readTree(out).path("ips");
        return ips.path(0).path("address").asString().replace("/24", "");
    }
}
