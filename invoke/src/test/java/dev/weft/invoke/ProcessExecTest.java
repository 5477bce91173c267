package dev.weft.invoke;

import dev.weft.cni.CniException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** ProcessExec against real /bin/sh plugins written into a temp dir. */
class ProcessExecTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static Map<String, String> env(String command) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "ctr-42");
        env.put("CNI_NETNS", "/run/netns/ctr-42");
        env.put("CNI_IFNAME", "eth3");
        env.put("CNI_ARGS", "A=1;B=2");
        env.put("CNI_PATH", "/opt/x:/opt/y");
        return env;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CniException thrown(Runnable r) {
        try {
            r.run();
        } catch (CniException e) {
            return e;
        }
        throw new AssertionError("expected a CniException");
    }

    /** Dead or a zombie: what a killed process becomes until reaped. */
    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!gone(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gone(pid)).as("process %d is gone", pid).isTrue();
    }

    @Test
    void passesStdinAndEnvAndReturnsStdout() throws IOException {
        Path p = script("echoer", """
                printf '%s|%s|%s|%s|%s|%s|' "$CNI_COMMAND" "$CNI_CONTAINERID" "$CNI_NETNS" "$CNI_IFNAME" "$CNI_ARGS" "$CNI_PATH"
                cat
                echo "to stderr" >&2""");
        byte[] out = new ProcessExec().run(ref(p), bytes("{\"cniVersion\":\"1.1.0\"}"), env("ADD"));
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("ADD|ctr-42|/run/netns/ctr-42|eth3|A=1;B=2|/opt/x:/opt/y|{\"cniVersion\":\"1.1.0\"}");
    }

    @Test
    void pluginErrorJsonKeepsItsCodeAndGetsStderrAsDetails() throws IOException {
        Path p = script("failer", """
                cat >/dev/null
                echo 'bridge: cannot create br0' >&2
                printf '{"cniVersion":"1.0.0","code":7,"msg":"bad bridge name"}'
                exit 1""");
        CniException e = thrown(() -> new ProcessExec().run(ref(p), bytes("{}"), env("ADD")));
        assertThat(e.code()).isEqualTo(7);
        assertThat(e.msg()).isEqualTo("bad bridge name");
        assertThat(e.details()).isEqualTo("bridge: cannot create br0");
    }

    @Test
    void pluginErrorDetailsWinOverStderr() throws IOException {
        Path p = script("failer2", """
                echo 'noise' >&2
                printf '{"code":11,"msg":"later","details":"lock held by 123"}'
                exit 1""");
        CniException e = thrown(() -> new ProcessExec().run(ref(p), bytes("{}"), env("DEL")));
        assertThat(e.code()).isEqualTo(11);
        assertThat(e.msg()).isEqualTo("later");
        assertThat(e.details()).isEqualTo("lock held by 123");
    }

    @Test
    void crashBySignalIs999NamingPluginAndSignal() throws IOException {
        Path p = script("segv", """
                echo 'about to crash' >&2
                kill -SEGV $$""");
        CniException e = thrown(() -> new ProcessExec().run(ref(p), bytes("{}"), env("ADD")));
        assertThat(e.code()).isEqualTo(999);
        assertThat(e.msg()).contains("\"segv\"").contains("signal 11");
        assertThat(e.details()).isEqualTo("about to crash");
    }

    @Test
    void nonZeroExitWithJunkIs999NamingStatus() throws IOException {
        Path p = script("junk", """
                echo 'panic: runtime error' >&2
                echo 'goroutine 1 [running]' >&2
                echo 'not json at all'
                exit 2""");
        CniException e = thrown(() -> new ProcessExec().run(ref(p), bytes("{}"), env("ADD")));
        assertThat(e.code()).isEqualTo(999);
        assertThat(e.msg()).contains("\"junk\"").contains("status 2");
        assertThat(e.details()).isEqualTo("panic: runtime error\ngoroutine 1 [running]");
    }

    @Test
    void timeoutKillsThePluginAndItsChildren() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Path p = script("hang", """
                    echo $$ > "%s/pid"
                    sleep 30 &
                    echo $! > "%s/child"
                    wait""".formatted(dir, dir));
            ProcessExec exec = new ProcessExec(ExecLimits.DEFAULT.withTimeout(Duration.ofMillis(300)));
            long start = System.nanoTime();
            CniException e = thrown(() -> exec.run(ref(p), bytes("{}"), env("ADD")));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(e.code()).isEqualTo(5);
            assertThat(e.msg()).contains("\"hang\"").contains("timed out").contains("300 ms");
            awaitGone(Long.parseLong(Files.readString(dir.resolve("pid")).strip()));
            awaitGone(Long.parseLong(Files.readString(dir.resolve("child")).strip()));
        });
    }

    @Test
    void timeoutAppliesWhenThePluginDoesNotReadALargeStdin() {
        // stdin larger than a pipe buffer, plugin never reads it: writing must not block past the timeout
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Path p = script("deaf", "exec sleep 30");
            ProcessExec exec = new ProcessExec(ExecLimits.DEFAULT.withTimeout(Duration.ofMillis(300)));
            byte[] big = new byte[512 * 1024];
            Arrays.fill(big, (byte) ' ');
            CniException e = thrown(() -> exec.run(ref(p), big, env("ADD")));
            assertThat(e.code()).isEqualTo(5);
            assertThat(e.msg()).contains("timed out");
        });
    }

    @Test
    void oversizedStdoutIsCode5NamingTheLimit() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Path p = script("chatty", "head -c 5242880 /dev/zero");
            ProcessExec exec = new ProcessExec(new ExecLimits(Duration.ofSeconds(10), 1 << 20, 1 << 20, 1 << 16));
            CniException e = thrown(() -> exec.run(ref(p), bytes("{}"), env("ADD")));
            assertThat(e.code()).isEqualTo(5);
            assertThat(e.msg()).contains("\"chatty\"").contains("1048576");
        });
    }

    @Test
    void oversizedStdinIsCode5AndThePluginNeverRuns() throws IOException {
        Path marker = dir.resolve("ran");
        Path p = script("victim", "touch '" + marker + "'");
        ProcessExec exec = new ProcessExec(new ExecLimits(Duration.ofSeconds(5), 1024, 1 << 20, 1 << 16));
        CniException e = thrown(() -> exec.run(ref(p), new byte[2048], env("ADD")));
        assertThat(e.code()).isEqualTo(5);
        assertThat(e.msg()).contains("\"victim\"").contains("2048").contains("1024");
        assertThat(marker).doesNotExist();
    }

    @Test
    void stdinExactlyAtTheLimitIsAccepted() throws IOException {
        Path p = script("counter", "wc -c | tr -d ' \\n'");
        ProcessExec exec = new ProcessExec(new ExecLimits(Duration.ofSeconds(5), 1024, 1 << 20, 1 << 16));
        assertThat(new String(exec.run(ref(p), new byte[1024], env("ADD")), StandardCharsets.UTF_8)).isEqualTo("1024");
    }

    @Test
    void missingPluginIsCode50NamingTheSearchPath() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        CniException e = thrown(() -> new ProcessExec().find("bridge", List.of(a, b)));
        assertThat(e.code()).isEqualTo(50);
        assertThat(e.msg()).contains("\"bridge\"").contains(a.toString()).contains(b.toString());
        CniException empty = thrown(() -> new ProcessExec().find("bridge", List.of()));
        assertThat(empty.code()).isEqualTo(50);
    }

    @Test
    void nonExecutableFilesAreSkipped() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.writeString(a.resolve("bridge"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(a.resolve("bridge"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectory(a.resolve("vlan"));
        assertThat(thrown(() -> new ProcessExec().find("bridge", List.of(a))).code()).isEqualTo(50);
        assertThat(thrown(() -> new ProcessExec().find("vlan", List.of(a))).code()).isEqualTo(50);
        Path exe = b.resolve("bridge");
        Files.writeString(exe, "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(new ProcessExec().find("bridge", List.of(a, b))).isEqualTo(new PluginRef.Executable("bridge", exe));
    }

    @Test
    void typeWithSlashIsRejected() {
        assertThat(thrown(() -> new ProcessExec().find("../bin/sh", List.of(dir))).code()).isEqualTo(7);
    }

    @Test
    void parsePathDropsEmptyEntries() {
        assertThat(PluginLocator.parsePath("/a::/b:")).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(PluginLocator.parsePath(null)).isEmpty();
    }

    private static PluginRef ref(Path p) {
        return new PluginRef.Executable(p.getFileName().toString(), p);
    }
}
