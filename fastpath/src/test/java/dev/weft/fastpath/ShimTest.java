package dev.weft.fastpath;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The C shim against the Java server, as a runtime would run it. */
class ShimTest {
    @TempDir
    Path dir;
    private Path shim;
    private Path sock;

    @BeforeEach
    void setUp() {
        shim = ShimProcess.binary();
        sock = dir.resolve("cni.sock");
    }

    /** What a runtime passes: the CNI variables plus its own, which must not be forwarded. */
    private Map<String, String> processEnv() {
        Map<String, String> env = new LinkedHashMap<>(cniEnv());
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", "/root");
        env.put("NOT_CNI_VAR", "secret");
        env.put("WEFT_CNI_SOCKET", sock.toString());
        return env;
    }

    private static Map<String, String> cniEnv() {
        Map<String, String> env = new LinkedHashMap<>(Samples.cniEnv());
        if ("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))) {
            env.put("CNI_ARGS", "K8S_POD_NAME=café-日本"); // only representable in a UTF-8 environment
        }
        return env;
    }

    @Test
    void forwardsCniEnvAndLargeStdinExactlyAndReplaysTheResponse() throws Exception {
        AtomicReference<CniRequest> seen = new AtomicReference<>();
        byte[] stdin = Samples.binary(1_572_864, 11);
        CniResponse reply = new CniResponse(0, "{\"cniVersion\":\"1.0.0\",\"ips\":[]}".getBytes(StandardCharsets.UTF_8),
                Samples.binary(5000, 12));
        try (var _ = CniSocketServer.start(sock, r -> {
            seen.set(r);
            return reply;
        })) {
            ShimProcess run = ShimProcess.run(List.of(shim.toString(), "--plugin", "weft-bridge"), processEnv(), stdin, dir);
            assertThat(run.exitCode()).as(run.stdoutText()).isZero();
            assertThat(run.stdout()).isEqualTo(reply.stdout());
            assertThat(run.stderr()).isEqualTo(reply.stderr());
        }
        assertThat(seen.get().plugin()).isEqualTo("weft-bridge");
        assertThat(seen.get().env()).isEqualTo(cniEnv());
        assertThat(seen.get().stdin()).isEqualTo(stdin);
    }

    @Test
    void reproducesExitCodesAndErrors() throws Exception {
        for (int code : new int[] {0, 1, 7}) {
            CniResponse reply = new CniResponse(code, ("{\"code\":" + code + ",\"msg\":\"m\"}\n").getBytes(StandardCharsets.UTF_8),
                    ("log " + code).getBytes(StandardCharsets.UTF_8));
            try (var _ = CniSocketServer.start(sock, r -> reply)) {
                ShimProcess run = ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), processEnv(), new byte[0], dir);
                assertThat(run.stdout()).isEqualTo(reply.stdout());
                assertThat(run.stderr()).isEqualTo(reply.stderr());
                assertThat(run.exitCode()).isEqualTo(code);
            }
        }
        try (var _ = CniSocketServer.start(sock, r -> {
            throw new IllegalStateException("boom");
        })) {
            ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), processEnv(), Samples.CONFIG.getBytes(), dir)
                    .assertCniError(999, "boom");
        }
    }

    /** Installed either way: a copy, or a symlink whose name is argv[0]. */
    @Test
    void usesTheBasenameOfArgv0AsThePluginName() throws Exception {
        Path copy = Files.copy(shim, dir.resolve("weft-host-local"));
        Path link = Files.createSymbolicLink(dir.resolve("weft-portmap"), shim);
        List<String> plugins = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var _ = CniSocketServer.start(sock, r -> {
            plugins.add(r.plugin());
            return CniResponse.success(new byte[0]);
        })) {
            assertThat(ShimProcess.run(List.of(copy.toString()), processEnv(), new byte[0], dir).exitCode()).isZero();
            assertThat(ShimProcess.run(List.of(link.toString()), processEnv(), new byte[0], dir).exitCode()).isZero();
        } finally {
            Files.delete(link); // JUnit warns about links leaving the temp dir
        }
        assertThat(plugins).containsExactly("weft-host-local", "weft-portmap");
    }

    @Test
    void fallsBackWithStdinAndEnvIntactWhenTheSocketDoesNotExist() throws Exception {
        Fallback fb = Fallback.write(dir.resolve("fallback"), 5);
        Map<String, String> env = processEnv();
        env.put("WEFT_SHIM_FALLBACK", fb.script().toString());
        byte[] stdin = Samples.binary(1_572_864, 21);
        ShimProcess run = ShimProcess.run(List.of(shim.toString(), "--plugin", "weft-bridge", "extra"), env, stdin, dir);
        assertThat(run.exitCode()).as(run.stdoutText()).isEqualTo(5);
        assertThat(fb.stdin()).isEqualTo(stdin);
        assertThat(fb.env()).containsAllEntriesOf(cniEnv()).containsEntry("WEFT_PLUGIN", "weft-bridge")
                .containsEntry("NOT_CNI_VAR", "secret");
        assertThat(fb.args()).containsExactly(fb.script().toString(), "extra");
    }

    @Test
    void fallsBackWhenNothingListensOnAStaleSocket() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock));
        }
        Path copy = Files.copy(shim, dir.resolve("weft-bridge"));
        Fallback fb = Fallback.write(dir.resolve("weft-bridge.jvm"), 0); // the default: <argv[0]>.jvm
        ShimProcess run = ShimProcess.run(List.of(copy.toString()), processEnv(), Samples.CONFIG.getBytes(), dir);
        assertThat(run.exitCode()).as(run.stdoutText()).isZero();
        assertThat(fb.stdin()).isEqualTo(Samples.CONFIG.getBytes());
        assertThat(fb.env()).containsEntry("WEFT_PLUGIN", "weft-bridge");
    }

    @Test
    void reportsAMissingFallbackAsAnError() throws Exception {
        ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), processEnv(), Samples.CONFIG.getBytes(), dir)
                .assertCniError(999, "cannot exec the fallback");
    }

    /** Once the request may have reached the agent, running the plugin again could double-allocate. */
    @Test
    void neverFallsBackAfterTheAgentAcceptedTheConnection() throws Exception {
        Fallback fb = Fallback.write(dir.resolve("fallback"), 0);
        Map<String, String> env = processEnv();
        env.put("WEFT_SHIM_FALLBACK", fb.script().toString());
        for (int readBeforeClose : new int[] {0, 12, -1}) { // nothing, the header, the whole request
            try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                agent.bind(UnixDomainSocketAddress.of(sock));
                Thread t = Thread.ofVirtual().start(() -> acceptReadAndClose(agent, readBeforeClose));
                byte[] stdin = Samples.binary(readBeforeClose < 0 ? 1000 : 3_000_000, readBeforeClose);
                ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), env, stdin, dir)
                        .assertCniError(999, "weft agent connection lost");
                t.join();
            }
            Files.delete(sock);
            assertThat(fb.ran()).as("fallback ran after reading %d bytes", readBeforeClose).isFalse();
        }
    }

    @Test
    void rejectsAMalformedResponse() throws Exception {
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(sock));
            Thread t = Thread.ofVirtual().start(() -> {
                try (SocketChannel c = agent.accept()) {
                    FrameIo.readRequest(java.nio.channels.Channels.newInputStream(c));
                    c.write(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), processEnv(), new byte[0], dir)
                    .assertCniError(999, "malformed response");
            t.join();
        }
    }

    @Test
    void refusesStdinOver64MiB() throws Exception {
        ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), processEnv(), new byte[Limits.MAX_STDIN + 1], dir)
                .assertCniError(7, "stdin exceeds 64 MiB");
    }

    /** read < 0: the whole request frame; otherwise that many bytes (0: none). */
    private static void acceptReadAndClose(ServerSocketChannel agent, int read) {
        try (SocketChannel c = agent.accept()) {
            if (read < 0) {
                FrameIo.readRequest(java.nio.channels.Channels.newInputStream(c));
            } else if (read > 0) {
                c.read(ByteBuffer.allocate(read));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
