package dev.weft.fastpath;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CniSocketServerTest {
    @TempDir
    Path dir;

    private Path sock() {
        return dir.resolve("cni.sock");
    }

    @Test
    void forwardsEnvAndStdinExactly() throws Exception {
        AtomicReference<CniRequest> seen = new AtomicReference<>();
        CniRequest sent = new CniRequest("weft-bridge", Samples.cniEnv(), Samples.binary(1_572_864, 5));
        try (var _ = CniSocketServer.start(sock(), r -> {
            seen.set(r);
            return CniResponse.success(new byte[0]);
        })) {
            assertThat(new CniSocketClient(sock()).call(sent).exitCode()).isZero();
        }
        assertThat(seen.get()).isEqualTo(sent);
        assertThat(seen.get().env()).containsEntry("CNI_EMPTY", "");
    }

    @Test
    void preservesExitCodeStdoutAndStderrByteForByte() throws Exception {
        byte[] errorJson = "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"bad\",\"details\":\"x\\u00e9\"}\n".getBytes(StandardCharsets.UTF_8);
        for (int code : new int[] {0, 1, 7}) {
            CniResponse want = new CniResponse(code, errorJson, Samples.binary(1000, code));
            try (var _ = CniSocketServer.start(sock(), r -> want)) {
                assertThat(new CniSocketClient(sock()).call(Samples.add())).isEqualTo(want);
            }
        }
    }

    /** What a handler does once the call is answered (its log line) never delays the answer. */
    @Test
    void theAnswerDoesNotWaitForWhatComesAfterIt() throws Exception {
        CountDownLatch answerRead = new CountDownLatch(1);
        AtomicReference<CniRequest> after = new AtomicReference<>();
        CountDownLatch afterDone = new CountDownLatch(1);
        CniHandler h = new CniHandler() {
            @Override
            public CniResponse handle(CniRequest r) {
                return CniResponse.success("ok".getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void answered(CniRequest r) {
                try {
                    if (answerRead.await(30, TimeUnit.SECONDS)) { // only the client's reading releases this
                        after.set(r);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    afterDone.countDown();
                }
            }
        };
        try (var _ = CniSocketServer.start(sock(), h)) {
            CniResponse r = new CniSocketClient(sock()).call(Samples.add());
            assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("ok");
            answerRead.countDown();
            assertThat(afterDone.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(after.get()).isEqualTo(Samples.add());
    }

    @Test
    void handlerExceptionBecomesError999() throws Exception {
        try (var _ = CniSocketServer.start(sock(), r -> {
            throw new IllegalStateException("boom");
        })) {
            CniResponse r = new CniSocketClient(sock()).call(Samples.add());
            assertThat(r.exitCode()).isEqualTo(1);
            JsonNode json = Json.mapper().readTree(r.stdout());
            assertThat(json.path("code").intValue()).isEqualTo(999);
            assertThat(json.path("msg").stringValue()).contains("boom");
            assertThat(json.path("cniVersion").stringValue()).isEqualTo("1.0.0");
        }
    }

    @Test
    void errorsAndCniExceptionsAreAnsweredToo() throws Exception {
        try (var _ = CniSocketServer.start(sock(), r -> {
            if (r.env().get("CNI_COMMAND").equals("ADD")) {
                throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "busy");
            }
            throw new AssertionError("plugin bug");
        })) {
            var client = new CniSocketClient(sock());
            assertThat(Json.mapper().readTree(client.call(Samples.add()).stdout()).path("code").intValue()).isEqualTo(11);
            CniRequest del = CniRequest.fromEnvironment("weft-bridge", Map.of("CNI_COMMAND", "DEL"), new byte[0]);
            assertThat(Json.mapper().readTree(client.call(del).stdout()).path("code").intValue()).isEqualTo(999);
        }
    }

    @Test
    void malformedRequestGetsAnErrorResponse() throws Exception {
        try (var _ = CniSocketServer.start(sock(), r -> CniResponse.success(new byte[0]));
             SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock()))) {
            ch.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
            CniResponse r = FrameIo.readResponse(Channels.newInputStream(ch));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(Json.mapper().readTree(r.stdout()).path("code").intValue()).isEqualTo(999);
        }
    }

    /** All 16 calls must be inside the handler at once, or none can leave it: no timing involved. */
    @Test
    void servesConcurrentCallsInParallel() throws Exception {
        int n = 16;
        CountDownLatch allInside = new CountDownLatch(n);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        try (var _ = CniSocketServer.start(sock(), r -> {
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            allInside.countDown();
            boolean together = allInside.await(60, TimeUnit.SECONDS); // a safety net, not a measurement
            inside.decrementAndGet();
            return new CniResponse(together ? 0 : 1, r.env().get("CNI_CONTAINERID").getBytes(StandardCharsets.UTF_8), new byte[0]);
        }); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CniResponse>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CniRequest req = CniRequest.fromEnvironment("weft-bridge", Map.of("CNI_CONTAINERID", "c" + i), new byte[0]);
                calls.add(clients.submit(() -> new CniSocketClient(sock()).call(req)));
            }
            for (int i = 0; i < n; i++) {
                CniResponse r = calls.get(i).get();
                assertThat(r.exitCode()).as("call %d saw all %d calls inside the handler", i, n).isZero();
                assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("c" + i);
            }
        }
        assertThat(maxInside.get()).isEqualTo(n);
    }

    @Test
    void socketIsOwnerOnlyAndNoTemporaryFilesRemain() throws Exception {
        try (var _ = CniSocketServer.start(sock(), r -> CniResponse.success(new byte[0]))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock()))).isEqualTo("rw-------");
            try (var files = Files.list(dir)) {
                assertThat(files.toList()).containsExactly(sock());
            }
        }
    }

    @Test
    void replacesAStaleSocketFile() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock())); // closing leaves the file behind
        }
        assertThat(sock()).exists();
        try (var _ = CniSocketServer.start(sock(), r -> new CniResponse(3, new byte[0], new byte[0]))) {
            assertThat(new CniSocketClient(sock()).call(Samples.add()).exitCode()).isEqualTo(3);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock()))).isEqualTo("rw-------");
        }
    }

    @Test
    void refusesALiveSocketOrAFileThatIsNotASocket() throws Exception {
        try (var _ = CniSocketServer.start(sock(), r -> new CniResponse(4, new byte[0], new byte[0]))) {
            assertThatThrownBy(() -> CniSocketServer.start(sock(), r -> null))
                    .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("another process is serving");
            assertThat(new CniSocketClient(sock()).call(Samples.add()).exitCode()).isEqualTo(4);
        }
        Path file = dir.resolve("plain");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> CniSocketServer.start(file, r -> null))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("not a socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void closeRemovesTheSocketAndClientsSeeTheAgentUnavailable() throws Exception {
        CniSocketServer.start(sock(), r -> CniResponse.success(new byte[0])).close();
        assertThat(sock()).doesNotExist();
        assertThatThrownBy(() -> new CniSocketClient(sock()).call(Samples.add()))
                .isInstanceOf(AgentUnavailableException.class).hasMessageContaining(sock().toString());
    }
}
