package dev.weft.fastpath;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The C shim (its real binary) against agents that stall, refuse or stop reading (issue #13,
 * item 8): it always ends with a CNI error JSON on stdout and exit 1, never a hang.
 */
class ShimHardeningTest {
    @TempDir
    Path dir;
    private Path shim;
    private Path sock;

    @BeforeEach
    void setUp() {
        shim = ShimProcess.binary();
        sock = dir.resolve("cni.sock");
    }

    private Map<String, String> env(String timeoutSeconds) {
        Map<String, String> env = new LinkedHashMap<>(Samples.cniEnv());
        env.put("WEFT_CNI_SOCKET", sock.toString());
        env.put("WEFT_SHIM_FALLBACK", "/nonexistent/must-not-run");
        if (timeoutSeconds != null) {
            env.put("WEFT_SHIM_TIMEOUT", timeoutSeconds);
        }
        return env;
    }

    /**
     * An agent that accepts and reads the request but never answers. The shim used to wait
     * forever (no timeout at all); it now gives up after WEFT_SHIM_TIMEOUT with code 5.
     */
    @Test
    void anAgentThatNeverAnswersEndsInError5AfterTheTimeout() throws Exception {
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(sock));
            CountDownLatch shimDone = new CountDownLatch(1);
            Thread held = Thread.ofVirtual().start(() -> {
                try (SocketChannel c = agent.accept()) {
                    FrameIo.readRequest(java.nio.channels.Channels.newInputStream(c));
                    shimDone.await(); // holds the connection open, never answering
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            try {
                ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), env("1"), Samples.CONFIG.getBytes(), dir)
                        .assertCniError(5, "did not answer within 1 s");
            } finally {
                shimDone.countDown();
                held.join();
            }
        }
    }

    /**
     * An agent whose listen backlog is full because it stopped accepting (descriptors exhausted).
     * connect() used to block forever; it now ends in code 11 (try again later), and the shim does
     * not fall back to the JVM launcher, since an agent is there.
     */
    @Test
    void anAgentThatDoesNotAcceptEndsInError11AfterTheTimeout() throws Exception {
        List<SocketChannel> backlog = new ArrayList<>();
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(sock), 1);
            fillBacklog(backlog);
            ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), env("1"), Samples.CONFIG.getBytes(), dir)
                    .assertCniError(11, "did not accept the connection within 1 s");
        } finally {
            for (SocketChannel c : backlog) {
                c.close();
            }
        }
    }

    /**
     * An agent that answers after the header and closes with the rest of a large request unread.
     * The shim's write then fails; it used to report "connection lost" (999) and drop the answer,
     * it now relays the agent's answer.
     */
    @Test
    void anEarlyAnswerIsRelayedEvenIfTheAgentStoppedReading() throws Exception {
        CniResponse refusal = CniResponse.error(new CniException(CniErrorCode.TRY_AGAIN_LATER, "weft agent busy"), null);
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(sock));
            Thread t = Thread.ofVirtual().start(() -> CniSocketHardeningTest.answerAfterHeaderAndClose(agent, refusal));
            ShimProcess run = ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), env(null), Samples.binary(8 << 20, 9), dir);
            t.join();
            assertThat(run.stdout()).as(run.stdoutText()).isEqualTo(refusal.stdout());
            assertThat(run.exitCode()).isEqualTo(1);
        }
    }

    /** An agent at its connection limit refuses the shim at once: code 11 on stdout, not a hang and not a fallback. */
    @Test
    void anAgentAtItsLimitRefusesWithCode11() throws Exception {
        ServerOptions one = ServerOptions.DEFAULT.withMaxConnections(1).withRequestTimeout(java.time.Duration.ofMinutes(5));
        try (var _ = CniSocketServer.start(sock, r -> CniResponse.success(new byte[0]), one);
             SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
            ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), env(null), Samples.binary(3_000_000, 4), dir)
                    .assertCniError(11, "weft agent busy");
        }
    }

    /** A timeout that is not whole seconds is a clear error (code 4), not a silent default. */
    @Test
    void aBadTimeoutSettingIsRefused() throws Exception {
        for (String bad : new String[] {"abc", "0", "-5", "1.5", "86401", "99999999999999999999"}) {
            ShimProcess.run(List.of(shim.toString(), "--plugin", "p"), env(bad), Samples.CONFIG.getBytes(), dir)
                    .assertCniError(4, "WEFT_SHIM_TIMEOUT");
        }
    }

    /** 100 shims at once, all inside the agent's handler together: the connection limit must not refuse any. */
    @Test
    void aHundredConcurrentShimCallsPass() throws Exception {
        int n = 100;
        CountDownLatch allInside = new CountDownLatch(n);
        try (var _ = CniSocketServer.start(sock, r -> {
            allInside.countDown();
            boolean together = allInside.await(60, TimeUnit.SECONDS); // a safety net, not a measurement
            return new CniResponse(together ? 0 : 1, r.env().get("CNI_CONTAINERID").getBytes(StandardCharsets.UTF_8), new byte[0]);
        }); ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ShimProcess>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, String> env = env(null);
                env.put("CNI_CONTAINERID", "c" + i);
                calls.add(runs.submit(() -> ShimProcess.run(List.of(shim.toString(), "--plugin", "weft-bridge"), env,
                        Samples.CONFIG.getBytes(), dir)));
            }
            for (int i = 0; i < n; i++) {
                ShimProcess r = calls.get(i).get();
                assertThat(r.exitCode()).as("shim %d: %s", i, r.stdoutText()).isZero();
                assertThat(r.stdoutText()).isEqualTo("c" + i);
            }
        }
    }

    /** Non-blocking connects until the kernel refuses one: the listener's queue is then full. */
    private void fillBacklog(List<SocketChannel> backlog) throws IOException {
        while (true) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.configureBlocking(false);
            try {
                c.connect(UnixDomainSocketAddress.of(sock));
                backlog.add(c);
            } catch (IOException full) {
                c.close();
                return;
            }
            if (backlog.size() > 10_000) {
                fail("the listen backlog never filled");
            }
        }
    }
}
