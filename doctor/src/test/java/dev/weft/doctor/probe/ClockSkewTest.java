package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.Status;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** The clock-skew probe against an HTTP server on loopback whose Date header runs behind or on time. */
class ClockSkewTest {
    /** A one-shot HTTP server on loopback: answers one request with {@code Date} shifted by {@code offsetSeconds}. */
    private static Finding against(long offsetSeconds) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket c = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                    while (!in.readLine().isEmpty()) {
                        // the request's headers
                    }
                    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(offsetSeconds));
                    c.getOutputStream().write(("HTTP/1.1 200 OK\r\nDate: " + date + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Finding f = DatastoreProbe.skew(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/version"));
            t.join();
            return f;
        }
    }

    @Test
    void aDatastoreClockTenSecondsBehind_warns_onTime_ok() throws Exception {
        Finding behind = against(-10);
        assertThat(behind.status()).as(behind.toString()).isEqualTo(Status.WARN);
        assertThat(behind.observed()).contains("ahead of the datastore's");
        Finding onTime = against(0);
        assertThat(onTime.status()).as(onTime.toString()).isEqualTo(Status.OK);
    }

    @Test
    void nothingListening_unknown() {
        Finding f = DatastoreProbe.skew(URI.create("http://127.0.0.1:1/version"));
        assertThat(f.status()).isEqualTo(Status.INFO);
        assertThat(f.observed()).startsWith("unknown: cannot read the datastore's clock");
    }
}
