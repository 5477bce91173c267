package dev.weft.cnm.docker;

import dev.weft.cnm.state.EndpointRecord;
import dev.weft.nodestate.PodRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
    private final Map<String, Map<String, String>> labelsPut = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private DockerPublisher(DockerSettings settings, Supplier<List<EndpointRecord>> endpoints) {
        this.settings = settings;
        this.api = new DockerApi(settings.dockerSocket());
        this.endpoints = endpoints;
        this.thread = Thread.ofPlatform().daemon().name("weft-cnm-docker").unstarted(this::loop);
    }

    /** Starts publishing; {@code endpoints} reads the driver's endpoints under its lock. */
    public static DockerPublisher start(DockerSettings settings, Supplier<List<EndpointRecord>> endpoints) {
        DockerPublisher p = new DockerPublisher(settings, endpoints);
        p.thread.start();
        return p;
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
        List<DockerPods.Pod> wanted = DockerPods.plan(endpoints.get(), containers);
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
