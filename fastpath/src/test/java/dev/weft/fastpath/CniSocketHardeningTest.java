package dev.weft.fastpath;

import dev.weft.cni.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket server against misbehaving and numerous clients (issue #13, item 8): every connection
 * ends with an answer the client can read, nothing runs unless exactly one frame arrived, and
 * neither idle nor numerous connections can starve a legitimate call.
 */
class CniSocketHardeningTest {
    @TempDir
    Path dir;

    private Path sock() {
        return dir.resolve("cni.sock");
    }

    /**
     * A request rejected at its header while the client is still sending the rest. It used to be
     * answered and the connection closed with the rest unread, so the client's write failed with
     * "Broken pipe" and it never read the error; the server now drains before it closes.
     */
    @Test
    void anErrorReplyReachesAClientThatIsStillSending() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (var _ = CniSocketServer.start(sock(), r -> {
            ran.incrementAndGet();
            return CniResponse.success(new byte[0]);
        }); SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock()))) {
            ByteBuffer header = ByteBuffer.wrap(FrameCodec.encodeRequest(Samples.add()), 0, FrameCodec.HEADER_LENGTH);
            byte[] bad = new byte[FrameCodec.HEADER_LENGTH];
            header.get(bad);
            ByteBuffer.wrap(bad).putInt(8, Limits.MAX_BODY + 1); // refused as soon as the header is read
            writeFully(ch, bad);
            writeFully(ch, new byte[8 << 20]); // more than any socket buffer holds
            ch.shutdownOutput();
            CniResponse r = FrameIo.readResponse(Channels.newInputStream(ch));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(json(r).path("code").intValue()).isEqualTo(999);
            assertThat(json(r).path("details").stringValue()).contains("exceeds the limit");
        }
        assertThat(ran).hasValue(0);
    }

    /**
     * A valid frame followed by more bytes, in the same write or a later one. It used to be run,
     * although PROTOCOL.md says trailing bytes are rejected; now it is refused and nothing runs.
     */
    @Test
    void trailingBytesAfterAValidFrameAreRejectedBeforeAnythingRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (var _ = CniSocketServer.start(sock(), r -> {
            ran.incrementAndGet();
            return CniResponse.success(new byte[0]);
        })) {
            byte[] frame = FrameCodec.encodeRequest(Samples.add());
            for (boolean separateWrite : new boolean[] {false, true}) {
                try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock()))) {
                    if (separateWrite) {
                        writeFully(ch, frame);
                        writeFully(ch, "XYZ".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        byte[] both = java.util.Arrays.copyOf(frame, frame.length + 3);
                        writeFully(ch, both);
                    }
                    ch.shutdownOutput();
                    CniResponse r = FrameIo.readResponse(Channels.newInputStream(ch));
                    assertThat(r.exitCode()).as("separate write: %s", separateWrite).isEqualTo(1);
                    assertThat(json(r).path("code").intValue()).isEqualTo(999);
                    assertThat(json(r).path("details").stringValue()).contains("after the request frame");
                }
            }
        }
        assertThat(ran).as("handler calls").hasValue(0);
    }

    /**
     * A legitimate burst: 100 ADDs inside the handler at the same time must all be served under
     * the default connection limit (the limit exists to stop floods, not kubelet).
     */
    @Test
    void aHundredConcurrentCallsAllPassUnderTheDefaultLimit() throws Exception {
        int n = 100;
        CountDownLatch allInside = new CountDownLatch(n);
        try (var _ = CniSocketServer.start(sock(), r -> {
            allInside.countDown();
            boolean together = allInside.await(60, TimeUnit.SECONDS); // a safety net, not a measurement
            return new CniResponse(together ? 0 : 1, r.env().get("CNI_CONTAINERID").getBytes(StandardCharsets.UTF_8), new byte[0]);
        }); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CniResponse>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CniRequest req = CniRequest.fromEnvironment("weft-bridge", Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c" + i), new byte[0]);
                calls.add(clients.submit(() -> new CniSocketClient(sock()).call(req)));
            }
            for (int i = 0; i < n; i++) {
                CniResponse r = calls.get(i).get();
                assertThat(r.exitCode()).as("call %d: %s", i, new String(r.stdout(), StandardCharsets.UTF_8)).isZero();
                assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("c" + i);
            }
        }
    }

    /** A burst's extra threads end after it: the server keeps a couple waiting, not one per past call. */
    @Test
    void theThreadsOfABurstEndAfterIt() throws Exception {
        int n = 20;
        CountDownLatch allInside = new CountDownLatch(n);
        AtomicReference<CniSocketServer> serving = new AtomicReference<>();
        AtomicInteger peak = new AtomicInteger();
        try (var server = CniSocketServer.start(sock(), r -> {
            allInside.countDown();
            allInside.await(60, TimeUnit.SECONDS);
            peak.accumulateAndGet(serving.get().threads(), Math::max);
            return CniResponse.success(new byte[0]);
        }); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            serving.set(server);
            List<Future<CniResponse>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(clients.submit(() -> new CniSocketClient(sock()).call(Samples.add())));
            }
            for (Future<CniResponse> c : calls) {
                assertThat(c.get().exitCode()).isZero();
            }
            assertThat(peak.get()).as("a thread per call of the burst, in parallel").isGreaterThanOrEqualTo(n);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.threads() > CniSocketServer.SPARE + 1 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(server.threads()).isBetween(1, CniSocketServer.SPARE + 1);
            assertThat(new CniSocketClient(sock()).call(Samples.add()).exitCode()).as("still serving").isZero();
        }
    }

    /**
     * Calls that arrive and end one after another, as a burst through a lock does: threads that went
     * back to waiting while others still arrived end once idle, all but the spare ones.
     */
    @Test
    void theThreadsOfAStaggeredBurstEndAfterIt() throws Exception {
        java.util.concurrent.locks.ReentrantLock ipamLock = new java.util.concurrent.locks.ReentrantLock();
        try (var server = CniSocketServer.start(sock(), r -> {
            ipamLock.lock(); // as host-local's lock: one call at a time does its work
            try {
                Thread.sleep(2);
            } finally {
                ipamLock.unlock();
            }
            return CniResponse.success(new byte[0]);
        }, ServerOptions.DEFAULT, java.time.Duration.ofMillis(200)); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CniResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(clients.submit(() -> new CniSocketClient(sock()).call(Samples.add())));
                Thread.sleep(0, 200_000);
            }
            for (Future<CniResponse> c : calls) {
                assertThat(c.get().exitCode()).isZero();
            }
            assertThat(new CniSocketClient(sock()).call(Samples.add()).exitCode()).as("served after").isZero();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.threads() > CniSocketServer.SPARE + 1 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(server.threads()).isBetween(1, CniSocketServer.SPARE + 1);
        }
    }

    /**
     * An agent that answers before reading the whole request (a refusal, an error) and closes. The
     * client's write then fails; it used to throw "Broken pipe" and lose the answer, it now reads it.
     */
    @Test
    void theClientReadsTheAnswerOfAnAgentThatClosedWithoutReadingEverything() throws Exception {
        CniResponse refusal = CniResponse.error(new dev.weft.cni.CniException(dev.weft.cni.CniErrorCode.TRY_AGAIN_LATER, "busy"), null);
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(sock()));
            Thread t = Thread.ofVirtual().start(() -> answerAfterHeaderAndClose(agent, refusal));
            CniRequest big = new CniRequest("weft-bridge", Samples.cniEnv(), Samples.binary(8 << 20, 3));
            CniResponse r = new CniSocketClient(sock()).call(big);
            assertThat(r).isEqualTo(refusal);
            t.join();
        }
    }

    /**
     * A client that connects and sends nothing. There used to be no read timeout: it held a
     * connection (a descriptor and a thread) for ever; it now gets an error answer and is closed.
     */
    @Test
    void anIdleConnectionIsAnsweredAndClosedAfterTheRequestTimeout() throws Exception {
        try (var _ = CniSocketServer.start(sock(), r -> CniResponse.success(new byte[0]), fast());
             SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock()))) {
            CniResponse r = FrameIo.readResponse(Channels.newInputStream(ch));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(json(r).path("msg").stringValue()).isEqualTo("incomplete fast-path request");
            assertThat(json(r).path("details").stringValue()).contains("no complete request within 300 ms");
            assertThat(ch.read(ByteBuffer.allocate(1))).as("closed after the answer").isEqualTo(-1);
        }
    }

    /** A whole frame without the half-close that ends a request: not run, answered after the timeout. */
    @Test
    void aFrameWithoutTheHalfCloseIsNotRun() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (var _ = CniSocketServer.start(sock(), r -> {
            ran.incrementAndGet();
            return CniResponse.success(new byte[0]);
        }, fast()); SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock()))) {
            writeFully(ch, FrameCodec.encodeRequest(Samples.add()));
            CniResponse r = FrameIo.readResponse(Channels.newInputStream(ch));
            assertThat(json(r).path("details").stringValue()).contains("not followed by the end of the stream");
        }
        assertThat(ran).hasValue(0);
    }

    /**
     * Connections over the limit are refused at once with code 11, and the slots come back when
     * the held connections end. There used to be no limit: ~20,000 idle connections exhausted the
     * agent's descriptors and the next call hung.
     */
    @Test
    void connectionsOverTheLimitAreRefusedWithCode11() throws Exception {
        ServerOptions two = ServerOptions.DEFAULT.withMaxConnections(2).withRequestTimeout(java.time.Duration.ofMinutes(5));
        try (var server = CniSocketServer.start(sock(), r -> CniResponse.success("ok".getBytes(StandardCharsets.UTF_8)), two)) {
            List<SocketChannel> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    idle.add(SocketChannel.open(UnixDomainSocketAddress.of(sock())));
                }
                CniResponse refused = new CniSocketClient(sock()).call(Samples.add());
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(json(refused).path("code").intValue()).isEqualTo(11);
                assertThat(json(refused).path("msg").stringValue()).contains("busy").contains("nothing was run");
                assertThat(server.refused()).isEqualTo(1);
            } finally {
                for (SocketChannel c : idle) {
                    c.close();
                }
            }
            CniResponse served = null;
            for (int attempt = 0; attempt < 1000 && (served == null || served.exitCode() != 0); attempt++) {
                served = new CniSocketClient(sock()).call(Samples.add()); // the server frees a slot when it sees the close
                if (served.exitCode() != 0) {
                    Thread.sleep(10);
                }
            }
            assertThat(served.exitCode()).as("a slot came back").isZero();
        }
    }

    /**
     * A request of protocol version 1 (an old shim; version 2 added the half-close) is answered in
     * version 1, so the old client can print why it was refused.
     */
    @Test
    void aVersion1RequestIsAnsweredInVersion1() throws Exception {
        try (var _ = CniSocketServer.start(sock(), r -> CniResponse.success(new byte[0]));
             SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock()))) {
            byte[] v1 = FrameCodec.encodeRequest(Samples.add());
            v1[4] = 1;
            writeFully(ch, v1);
            ByteBuffer header = ByteBuffer.allocate(FrameCodec.HEADER_LENGTH);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // until the header is in
            }
            assertThat(header.get(4)).as("answer version").isEqualTo((byte) 1);
            CniResponse r = FrameCodec.decodeResponseBody(Channels.newInputStream(ch).readNBytes(header.getInt(8)));
            assertThat(json(r).path("details").stringValue()).contains("unsupported protocol version 1");
        }
    }

    /** The Java client gives up after its timeout too. */
    @Test
    void theClientTimesOutOnAnAgentThatNeverAnswers() throws Exception {
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(sock()));
            CountDownLatch clientDone = new CountDownLatch(1);
            Thread held = Thread.ofVirtual().start(() -> {
                try (SocketChannel c = agent.accept()) {
                    clientDone.await(); // holds the connection open, never answering
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            var client = new CniSocketClient(sock(), java.time.Duration.ofMillis(300));
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.call(Samples.add()))
                        .isInstanceOf(IOException.class).isNotInstanceOf(AgentUnavailableException.class)
                        .hasMessageContaining("did not answer within");
            } finally {
                clientDone.countDown();
                held.join();
            }
        }
    }

    private static ServerOptions fast() {
        return ServerOptions.DEFAULT.withRequestTimeout(java.time.Duration.ofMillis(300));
    }

    static void answerAfterHeaderAndClose(ServerSocketChannel agent, CniResponse answer) {
        try (SocketChannel c = agent.accept()) {
            c.read(ByteBuffer.allocate(FrameCodec.HEADER_LENGTH));
            writeFully(c, FrameCodec.encodeResponse(answer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeFully(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    static JsonNode json(CniResponse r) {
        return Json.mapper().readTree(r.stdout());
    }
}
