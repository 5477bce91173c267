package dev.weft.cnm.docker;

import dev.weft.cnm.state.EndpointRecord;
import dev.weft.kube.KubeNames;
import dev.weft.net.InterfaceName;
import dev.weft.nodestate.PodRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which pods the driver's endpoints are, as a pure function of its endpoints and dockerd's
 * container list: a container on a weft network is pod {@code NETWORK/NAME} — namespace the
 * Docker network's name, name the container's — with the container's labels as pod labels, its
 * endpoint's address, host veth and (once joined) sandbox namespace. Only endpoints both sides
 * know are pods: one Docker has not attached yet, or one the driver does not hold, is not — except
 * at Join ({@link #atJoin}), where the container is known by elimination.
 */
public final class DockerPods {
    private static final System.Logger LOG = System.getLogger(DockerPods.class.getName());
    /** Prefix of the record's container ID: tells the driver's records from the CNI plugin's. */
    public static final String RECORD_PREFIX = PodRecord.DOCKER_PREFIX;
    /** The name Docker gives the first network's interface in the container (DstPrefix "eth"). */
    static final String IF_NAME = "eth0";

    /** A pod to publish: its node record and its labels. */
    public record Pod(PodRecord record, Map<String, String> labels) {
        public Pod {
            labels = Map.copyOf(labels);
        }
    }

    private DockerPods() {
    }

    public static List<Pod> plan(List<EndpointRecord> endpoints, List<DockerContainer> containers) {
        Map<String, EndpointRecord> byId = endpoints.stream().collect(Collectors.toMap(EndpointRecord::id, Function.identity()));
        List<Pod> out = new ArrayList<>();
        for (DockerContainer c : containers) {
            for (DockerContainer.Attachment a : c.networks()) {
                EndpointRecord e = byId.get(a.endpointId());
                if (e != null) { // else another driver's network, or not attached yet
                    pod(e, a.networkName(), c).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /**
     * The pod an endpoint that is joining now is, found by elimination: dockerd lists a starting
     * container on the network without its endpoint (it records the endpoint once the container
     * runs), so the container is the only one on the endpoint's network — by ID or by the
     * network's name {@code networkName} — whose attachment has no endpoint or this one. Empty when
     * there is none or several (containers starting at once, stopped ones on the network): the
     * periodic round publishes it when Docker lists the endpoint.
     */
    public static Optional<Pod> atJoin(EndpointRecord e, String networkName, List<DockerContainer> containers) {
        List<DockerContainer> candidates = containers.stream().filter(c -> c.networks().stream().anyMatch(a ->
                (a.networkId().equals(e.networkId()) || a.networkName().equals(networkName))
                        && (a.endpointId().isEmpty() || a.endpointId().equals(e.id())))).toList();
        if (candidates.size() != 1) {
            return Optional.empty();
        }
        return pod(e, networkName, candidates.getFirst());
    }

    private static Optional<Pod> pod(EndpointRecord e, String networkName, DockerContainer c) {
        if (!KubeNames.isDnsLabel(networkName)) {
            LOG.log(System.Logger.Level.WARNING, "network \"{0}\" is not a DNS label (a pod namespace): container {1}"
                    + " is not published for NetworkPolicy", networkName, c.id());
            return Optional.empty();
        }
        return Optional.of(new Pod(new PodRecord(networkName, podName(c), recordId(e), IF_NAME,
                List.of(e.address().address()), Optional.of(InterfaceName.of(e.hostVeth())), e.sandboxKey()), c.labels()));
    }

    /** The container's name when it is a Kubernetes object name, else its short ID (always one). */
    static String podName(DockerContainer c) {
        return KubeNames.isDnsSubdomain(c.name()) ? c.name() : c.id().substring(0, 12);
    }

    /** Whether a node record was written by the driver (see {@link #RECORD_PREFIX}). */
    public static boolean isDriverRecord(PodRecord r) {
        return r.isDocker();
    }

    /** The record's container ID for an endpoint. */
    static String recordId(EndpointRecord e) {
        return RECORD_PREFIX + e.id();
    }
}
