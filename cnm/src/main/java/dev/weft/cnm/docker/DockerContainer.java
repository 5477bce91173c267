package dev.weft.cnm.docker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One container as dockerd's {@code GET /containers/json?all=1} lists it: what the driver needs to
 * publish it as a pod — its name, labels and, per network, the endpoint libnetwork made for it
 * (empty while the container is created but not started).
 */
public record DockerContainer(String id, String name, Map<String, String> labels, List<Attachment> networks) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The container on one network: Docker's network name and ID and the endpoint's ID. */
    public record Attachment(String networkName, String networkId, String endpointId) {
    }

    public DockerContainer {
        if (id == null || !id.matches("[0-9a-f]{12,64}")) {
            throw new IllegalArgumentException("container Id \"" + id + "\" is not 12 to 64 lower-case hex digits");
        }
        name = name == null ? "" : name;
        labels = new TreeMap<>(labels == null ? Map.of() : labels);
        networks = List.copyOf(networks);
    }

    /**
     * Decodes the list. A container that breaks the rules fails the whole answer, naming its index:
     * dockerd wrote it, so it is a bug or a different API, not something to skip quietly.
     */
    public static List<DockerContainer> parseList(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("containers: not JSON: " + e.getMessage(), e);
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("containers: expected an array, got " + root.getNodeType());
        }
        List<DockerContainer> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                out.add(parse(root.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("containers[" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static DockerContainer parse(JsonNode c) {
        String id = c.path("Id").asString("");
        JsonNode names = c.path("Names");
        String name = names.isArray() && !names.isEmpty() ? names.get(0).asString("") : "";
        name = name.startsWith("/") ? name.substring(1) : name;
        Map<String, String> labels = new TreeMap<>();
        c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        List<Attachment> nets = new ArrayList<>();
        c.path("NetworkSettings").path("Networks").properties().forEach(e -> nets.add(new Attachment(e.getKey(),
                e.getValue().path("NetworkID").asString(""), e.getValue().path("EndpointID").asString(""))));
        return new DockerContainer(id, name, labels, nets);
    }
}
