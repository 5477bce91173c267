package dev.weft.cnm.docker;

import dev.weft.cnm.state.EndpointRecord;
import dev.weft.nodestate.PodRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps the node's pod records of Docker containers equal to {@link DockerPods#plan}: labels are
 * put first (so a pod never appears unlabelled where policy would select it by labels), then its
 * record written; records of endpoints that are gone are removed. When dockerd does not answer
 * (restarting) nothing is removed. One platform thread, every {@code period}.
 */
public final class DockerPublisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DockerPublisher.class.getName());

    private final DockerSettings settings;
    private final DockerApi api;
    private final Supplier<List<EndpointRecord>> endpoints;
    private final Consumer<String> forget;
    private final Map<String, Map<String, String>> labelsPut = new HashMap<>();
    private final Map<String, Instant> unseenSince = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private DockerPublisher(DockerSettings settings, Supplier<List<EndpointRecord>> endpoints,
                            Consumer<String> forget) {
        this.settings = settings;
        this.forget = forget;
        this.api = new DockerApi(settings.dockerSocket());
        this.endpoints = endpoints;
        this.thread = Thread.ofPlatform().daemon().name("weft-cnm-docker").unstarted(this::loop);
    }

    /**
     * Starts publishing; {@code endpoints} reads the driver's endpoints under its lock, {@code forget}
     * collects one Docker no longer lists (see {@link #collect}).
     */
    public static DockerPublisher start(DockerSettings settings, Supplier<List<EndpointRecord>> endpoints,
                                        Consumer<String> forget) {
        DockerPublisher p = unstarted(settings, endpoints, forget);
        p.thread.start();
        return p;
    }

    /** Without its thread: rounds run only by {@link #syncOnce()} (tests). */
    static DockerPublisher unstarted(DockerSettings settings, Supplier<List<EndpointRecord>> endpoints,
                                     Consumer<String> forget) {
        return new DockerPublisher(settings, endpoints, forget);
    }

    private void loop() {
        while (running) {
            try {
                syncOnce();
            } catch (UncheckedIOException e) {
                LOG.log(System.Logger.Level.DEBUG, "dockerd not answering: {0}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "publishing Docker containers failed", e);
            }
            try {
                Thread.sleep(settings.period());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round; throws {@link UncheckedIOException} when dockerd does not answer (nothing changed then). */
    synchronized void syncOnce() {
        List<DockerContainer> containers = api.containers(); // before anything changes
        List<EndpointRecord> held = endpoints.get();
        List<DockerPods.Pod> wanted = DockerPods.plan(held, containers);
        Set<String> keep = new HashSet<>();
        List<PodRecord> present = PodRecord.readAll(settings.cniDataDir());
        for (DockerPods.Pod p : wanted) {
            PodRecord r = p.record();
            String key = r.namespace() + "/" + r.name();
            if (!p.labels().equals(labelsPut.get(key))) {
                settings.labels().put(r.namespace(), r.name(), p.labels());
                labelsPut.put(key, p.labels());
            }
            keep.add(r.containerId());
            if (!present.contains(r)) {
                r.write(settings.cniDataDir());
            }
        }
        for (PodRecord r : present) {
            if (DockerPods.isDriverRecord(r) && !keep.contains(r.containerId())) {
                try {
                    Files.deleteIfExists(PodRecord.file(settings.cniDataDir(), r.containerId(), r.ifName()));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot remove the pod record of " + r.containerId() + ": " + e.getMessage(), e);
                }
                LOG.log(System.Logger.Level.INFO, "Docker container {0}/{1} is gone: record removed", r.namespace(), r.name());
            }
        }
        collect(held, containers);
    }

    /**
     * Endpoints the driver holds that no container lists, for {@code grace} or longer, on a network
     * dockerd still has, are collected: Docker forgot them without DeleteEndpoint (a dockerd killed
     * mid-removal). The grace covers the moment between CreateEndpoint and the container listing its
     * endpoint; the network check keeps a driver pointed at another dockerd from collecting anything.
     */
    private void collect(List<EndpointRecord> held, List<DockerContainer> containers) {
        Set<String> listed = new HashSet<>();
        containers.forEach(c -> c.networks().forEach(a -> listed.add(a.endpointId())));
        List<EndpointRecord> unseen = held.stream().filter(e -> !listed.contains(e.id())).toList();
        unseenSince.keySet().retainAll(unseen.stream().map(EndpointRecord::id).collect(Collectors.toSet()));
        Instant now = Instant.now();
        Set<String> networks = null;
        for (EndpointRecord e : unseen) {
            Instant first = unseenSince.computeIfAbsent(e.id(), k -> now);
            if (Duration.between(first, now).compareTo(settings.grace()) < 0) {
                continue;
            }
            if (networks == null) {
                networks = api.networkIds();
            }
            if (networks.contains(e.networkId())) {
                forget.accept(e.id());
                unseenSince.remove(e.id());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
