package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.store.Datastore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The datastore: reachable and how fast (the median of three reads of the cluster's key), and
 * for etcd the clock skew against it, from the {@code Date} header of its HTTP {@code /version}
 * (one-second resolution, corrected by half the round trip). An embedded store is a file on this
 * machine: there is no other clock.
 */
public final class DatastoreProbe {
    static final Duration SLOW = Duration.ofMillis(200);
    static final Duration SKEW = Duration.ofSeconds(3);

    private DatastoreProbe() {
    }

    public static List<Finding> run(Datastore store, String url) {
        List<Finding> out = new ArrayList<>();
        List<Duration> reads = new ArrayList<>();
        Optional<String> error = Optional.empty();
        for (int i = 0; i < 3 && error.isEmpty(); i++) {
            long t = System.nanoTime();
            try {
                store.get("/weft/config");
                reads.add(Duration.ofNanos(System.nanoTime() - t));
            } catch (RuntimeException e) {
                error = Optional.of(String.valueOf(e.getMessage()));
            }
        }
        out.add(interpretLatency(url, reads, error));
        out.add(url.startsWith("etcd://") ? skew(url) : Finding.info(ProbeNames.DATASTORE_CLOCK,
                "embedded datastore: a file on this machine, no other clock"));
        return out;
    }

    public static Finding interpretLatency(String url, List<Duration> reads, Optional<String> error) {
        if (error.isPresent()) {
            return Finding.fail(ProbeNames.DATASTORE_REACHABLE, url + ": " + error.get(),
                    "check that the datastore runs and that this node reaches it (address, port, firewall)");
        }
        Duration median = reads.stream().sorted().toList().get(reads.size() / 2);
        String seen = url + ": read in " + millis(median);
        return median.compareTo(SLOW) > 0
                ? Finding.warn(ProbeNames.DATASTORE_REACHABLE, seen + " (slow)", "a slow datastore slows leases, peers and policy: check its load and the path to it")
                : Finding.ok(ProbeNames.DATASTORE_REACHABLE, seen);
    }

    /** {@code skew}: this clock minus the datastore's; empty when its clock could not be read. */
    public static Finding interpretSkew(Optional<Duration> skew, String why) {
        if (skew.isEmpty()) {
            return Finding.info(ProbeNames.DATASTORE_CLOCK, "unknown: " + why);
        }
        Duration s = skew.get();
        String seen = "this clock is " + millis(s.abs()) + (s.isNegative() ? " behind" : " ahead of") + " the datastore's";
        return s.abs().compareTo(SKEW) > 0
                ? Finding.warn(ProbeNames.DATASTORE_CLOCK, seen, "run an NTP client (chrony, systemd-timesyncd) on every node and the datastore")
                : Finding.ok(ProbeNames.DATASTORE_CLOCK, seen);
    }

    private static Finding skew(String url) {
        return skew(URI.create("http://" + url.substring("etcd://".length()).split(",")[0] + "/version"));
    }

    /** The skew against the {@code Date} header of a GET of {@code uri} (etcd's {@code /version}). */
    static Finding skew(URI uri) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Instant sent = Instant.now();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Instant got = Instant.now();
            Optional<String> date = r.headers().firstValue("date");
            if (date.isEmpty()) {
                return interpretSkew(Optional.empty(), "the datastore sent no Date header");
            }
            Instant theirs = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Instant mid = sent.plus(Duration.between(sent, got).dividedBy(2));
            return interpretSkew(Optional.of(Duration.between(theirs, mid)), "");
        } catch (Exception e) {
            return interpretSkew(Optional.empty(), "cannot read the datastore's clock: " + e.getMessage());
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() >= 10 ? d.toMillis() + " ms" : String.format(java.util.Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
