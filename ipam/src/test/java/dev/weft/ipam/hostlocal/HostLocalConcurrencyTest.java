package dev.weft.ipam.hostlocal;

import dev.weft.cni.json.Json;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.cni.Attachment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many host-local processes at once against one /24: every ADD gets its own address, and
 * processes killed with SIGKILL at random points never cause a duplicate; GC reclaims what they
 * left. Real processes, because the lock under test spans processes.
 */
class HostLocalConcurrencyTest {
    @TempDir
    Path tmp;

    private String config() {
        return """
                {"cniVersion": "1.1.0", "name": "race", "type": "bridge",
                 "ipam": {"type": "weft-host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.50.0.0/24"}]]}}
                """.formatted(tmp.resolve("data"));
    }

    private Path pluginExecutable() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path p = tmp.resolve("weft-host-local");
        Files.writeString(p, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '"
                + cp + "' " + HostLocalPlugin.class.getName() + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private Process start(Path exe, String command, String containerId) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(exe.toString());
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", "/run/netns/none");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", tmp.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(config().getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private static String addressOf(Process p) throws IOException {
        JsonNode out = Json.mapper().readTree(p.getInputStream().readAllBytes());
        return out.path("ips").path(0).path("address").asString();
    }

    private Map<String, Attachment> allocations() {
        Map<String, Attachment> out = new HashMap<>();
        new AllocationStore(tmp.resolve("data"), "race").allocations()
                .forEach((ip, who) -> out.put(ip.toString(), who));
        return out;
    }

    @Test
    void sixtyFourParallelAddsGetSixtyFourAddresses() throws Exception {
        Path exe = pluginExecutable();
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            procs.add(start(exe, "ADD", "ctr-" + i));
        }
        List<String> addresses = new ArrayList<>();
        for (Process p : procs) {
            String a = addressOf(p);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            addresses.add(a);
        }
        assertThat(new HashSet<>(addresses)).hasSize(64);
        assertThat(addresses).allMatch(a -> a.startsWith("10.50.0.") && a.endsWith("/24"));
        Map<String, Attachment> onDisk = allocations();
        assertThat(onDisk).hasSize(64);
        for (int i = 0; i < 64; i++) {
            String ip = addresses.get(i).replace("/24", "");
            assertThat(onDisk.get(ip)).isEqualTo(new Attachment("ctr-" + i, "eth0"));
        }
    }

    @Test
    void killedAddsLeaveNoDuplicateAndGcReclaimsTheirLeaks() throws Exception {
        Path exe = pluginExecutable();
        Random random = new Random(42);
        Map<String, Process> procs = new HashMap<>();
        Map<String, java.util.concurrent.Future<byte[]>> outputs = new HashMap<>();
        Set<String> victims = new HashSet<>();
        var readers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < 48; i++) {
            String id = "ctr-" + i;
            Process p = start(exe, "ADD", id);
            procs.put(id, p);
            outputs.put(id, readers.submit(() -> p.getInputStream().readAllBytes()));
            if (random.nextBoolean()) {
                victims.add(id);
            }
        }
        // SIGKILL the victims at random moments across the whole window in which the JVMs start,
        // lock, claim and answer (48 JVMs on two cores take many seconds), so kills land in
        // every phase; a victim that already finished simply counts as a success.
        var killer = java.util.concurrent.Executors.newScheduledThreadPool(1);
        for (String id : victims) {
            killer.schedule(() -> procs.get(id).destroyForcibly(), random.nextInt(12_000), TimeUnit.MILLISECONDS);
        }
        killer.shutdown();
        assertThat(killer.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        Map<String, String> succeeded = new HashMap<>();
        for (var e : procs.entrySet()) {
            Process p = e.getValue();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            byte[] out = outputs.get(e.getKey()).get(60, TimeUnit.SECONDS);
            if (p.exitValue() == 0) {
                succeeded.put(e.getKey(), Json.mapper().readTree(out).path("ips").path(0).path("address").asString());
            }
        }
        readers.shutdown();
        assertThat(succeeded.size()).as("some victims must really die mid-run").isLessThan(procs.size());
        assertThat(succeeded.keySet()).containsAll(procs.keySet().stream().filter(id -> !victims.contains(id)).toList());
        assertThat(new HashSet<>(succeeded.values())).as("no address handed out twice").hasSize(succeeded.size());

        // Whatever is on disk is owned by exactly one attachment; successes own what they were told.
        Map<String, Attachment> before = allocations();
        succeeded.forEach((id, addr) ->
                assertThat(before.get(addr.replace("/24", ""))).isEqualTo(new Attachment(id, "eth0")));

        String gc = config().replace("\"type\": \"bridge\",", "\"type\": \"bridge\", \"cni.dev/valid-attachments\": "
                + succeeded.keySet().stream().map(id -> "{\"containerID\": \"" + id + "\", \"ifname\": \"eth0\"}")
                .collect(Collectors.joining(",", "[", "]")) + ",");
        var outcome = new PluginHarness(new HostLocalPlugin()).run("GC", "", "", gc, Map.of());
        assertThat(outcome.exit()).as(outcome.err()).isZero();

        Map<String, Attachment> after = allocations();
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(
                succeeded.values().stream().map(a -> a.replace("/24", "")).toList());
        try (Stream<Path> files = Files.list(tmp.resolve("data/race"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".claim-"));
        }
    }
}
