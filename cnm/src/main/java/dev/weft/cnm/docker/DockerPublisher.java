package dev.weft.cnm.docker;

import dev.weft.cnm.network.EndpointEvents;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps the node's pod records of Docker containers equal to what Docker runs on weft's networks.
 * At Join ({@link #joined}) the container is published before Docker gets the answer, when
 * dockerd's list already shows which container it is ({@link DockerPods#atJoin}), and the Join
 * waits for the node's policy round; every {@code period} a round ({@link #syncOnce}) publishes
 * what {@link DockerPods#plan} says, removes records of endpoints that are gone and collects
 * endpoints Docker forgot. Labels are put first (so a pod never appears unlabelled where policy
 * would select it by labels), then its record written. When dockerd does not answer (restarting)
 * nothing is removed. One platform thread for the rounds.
 *
 * <p>Locks: the drivers call {@link #joined} and {@link #deleted} under their lock; a round takes
 * that lock only through {@code endpoints} and {@code forget}, never while the drivers wait for the
 * round, and the Join path takes no lock of the publisher's. Hence no lock-order cycle.
 */
public final class DockerPublisher implements AutoCloseable, EndpointEvents {
    private static final System.Logger LOG = System.getLogger(DockerPublisher.class.getName());
    /** How long a Join waits for dockerd's lists, then for the policy round (as a CNI ADD does: NewPodGate). */
    static final Duration JOIN_LOOKUP = Duration.ofSeconds(2);
    static final Duration JOIN_POLICY = Duration.ofSeconds(2);

    private final DockerSettings settings;
    private final DockerApi api;
    private final Supplier<List<EndpointRecord>> endpoints;
    private final Consumer<String> forget;
    private final Map<String, Map<String, String>> labelsPut = new ConcurrentHashMap<>();
    private final Map<String, Instant> unseenSince = new HashMap<>();
    private final Object round = new Object();
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
                if (syncOnce()) {
                    settings.policy().enforceNow(JOIN_POLICY);
                }
            } catch (UncheckedIOException e) {
                LOG.log(System.Logger.Level.DEBUG, "dockerd not answering: {0}", e.getMessage());
            } catch (InterruptedException e) {
                return;
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

    /**
     * Publishes the container that joins with {@code endpoint} when dockerd's lists name it, then
     * waits for the node's policy round, so its policy is in place before Docker starts its process.
     * Otherwise (several candidates, dockerd slow or not answering) the next round publishes it.
     */
    @Override
    public void joined(EndpointRecord endpoint) {
        Optional<DockerPods.Pod> pod = lookUp(endpoint);
        if (pod.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "endpoint {0}: its container is not known by elimination at Join;"
                    + " published when dockerd lists it", endpoint.id().substring(0, 12));
            return;
        }
        PodRecord r = pod.get().record();
        try {
            publish(pod.get(), PodRecord.readAll(settings.cniDataDir()));
            if (settings.policy().enforceNow(JOIN_POLICY)) {
                LOG.log(System.Logger.Level.INFO, "Docker container {0}/{1} published at Join, its policy in place",
                        r.namespace(), r.name());
            } else {
                LOG.log(System.Logger.Level.WARNING, "the policy of Docker container {0}/{1} was not in place within {2};"
                        + " answering its Join anyway", r.namespace(), r.name(), JOIN_POLICY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "publishing the container of endpoint " + endpoint.id() + " at Join failed", e);
        }
    }

    /** Unpublishes at once (the policy loop is woken, not waited for). */
    @Override
    public void deleted(EndpointRecord endpoint) {
        try {
            Files.deleteIfExists(PodRecord.file(settings.cniDataDir(), DockerPods.recordId(endpoint), DockerPods.IF_NAME));
            settings.policy().enforceNow(Duration.ZERO);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the pod record of endpoint " + endpoint.id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** dockerd's lists, read on a virtual thread so a dockerd that does not answer delays the Join by {@link #JOIN_LOOKUP} at most. */
    private Optional<DockerPods.Pod> lookUp(EndpointRecord endpoint) {
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<DockerPods.Pod>> f = exec.submit(() -> {
                String network = api.networks().get(endpoint.networkId());
                return network == null ? Optional.<DockerPods.Pod>empty() : DockerPods.atJoin(endpoint, network, api.containers());
            });
            try {
                return f.get(JOIN_LOOKUP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                f.cancel(true); // interrupting closes the channel
                LOG.log(System.Logger.Level.INFO, "dockerd''s lists at Join: {0}", String.valueOf(e.getCause() == null ? e : e.getCause()));
                return Optional.empty();
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Labels first, then the record unless it is among {@code present}; true when the record was written. */
    private boolean publish(DockerPods.Pod p, List<PodRecord> present) {
        PodRecord r = p.record();
        String key = r.namespace() + "/" + r.name();
        if (!p.labels().equals(labelsPut.get(key))) {
            settings.labels().put(r.namespace(), r.name(), p.labels());
            labelsPut.put(key, p.labels());
        }
        if (present.contains(r)) {
            return false;
        }
        r.write(settings.cniDataDir());
        return true;
    }

    /**
     * One round; true when a record was written or removed. Throws {@link UncheckedIOException}
     * when dockerd does not answer (nothing changed then).
     */
    boolean syncOnce() {
        synchronized (round) {
            List<DockerContainer> containers = api.containers(); // before anything changes
            List<EndpointRecord> held = endpoints.get();
            Set<String> listed = new HashSet<>();
            containers.forEach(c -> c.networks().forEach(a -> listed.add(a.endpointId())));
            boolean changed = false;
            Set<String> keep = new HashSet<>();
            List<PodRecord> present = PodRecord.readAll(settings.cniDataDir());
            for (DockerPods.Pod p : DockerPods.plan(held, containers)) {
                changed |= publish(p, present);
                keep.add(p.record().containerId());
            }
            changed |= removeAllBut(keep, listed);
            collect(held, listed);
            return changed;
        }
    }

    /**
     * Removes the driver's records not in {@code keep}, except those of endpoints the driver holds
     * and no container lists yet (published at Join; Docker lists them once the container runs).
     * The held endpoints are read again here, so a record a Join wrote meanwhile stays.
     */
    private boolean removeAllBut(Set<String> keep, Set<String> listed) {
        Set<String> joining = endpoints.get().stream().filter(e -> !listed.contains(e.id())).map(DockerPods::recordId)
                .collect(Collectors.toSet());
        boolean changed = false;
        for (PodRecord r : PodRecord.readAll(settings.cniDataDir())) {
            if (DockerPods.isDriverRecord(r) && !keep.contains(r.containerId()) && !joining.contains(r.containerId())) {
                try {
                    Files.deleteIfExists(PodRecord.file(settings.cniDataDir(), r.containerId(), r.ifName()));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot remove the pod record of " + r.containerId() + ": " + e.getMessage(), e);
                }
                changed = true;
                LOG.log(System.Logger.Level.INFO, "Docker container {0}/{1} is gone: record removed", r.namespace(), r.name());
            }
        }
        return changed;
    }

    /**
     * Endpoints the driver holds that no container lists, for {@code grace} or longer, on a network
     * dockerd still has, are collected: Docker forgot them without DeleteEndpoint (a dockerd killed
     * mid-removal). The grace covers the moment between CreateEndpoint and the container listing its
     * endpoint; the network check keeps a driver pointed at another dockerd from collecting anything.
     */
    private void collect(List<EndpointRecord> held, Set<String> listed) {
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
