package dev.weft.cnm.docker;

import java.util.Map;

/**
 * Where a Docker container's labels go as its pod's labels: in the agent, the cluster inventory's
 * pod metadata (the API server's part, which NetworkPolicy selects on).
 */
@FunctionalInterface
public interface PodLabels {
    void put(String namespace, String name, Map<String, String> labels);
}
