package dev.weft.cli.agent;

import dev.weft.cluster.Inventory;
import dev.weft.cnm.CnmService;
import dev.weft.cnm.docker.DockerSettings;
import dev.weft.cnm.docker.PolicyRound;
import dev.weft.cnm.state.CnmConfig;
import dev.weft.store.Datastore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's Docker drivers ({@code --cnm-socket}): on the node's subnet, containers published as
 * pods with their labels, a Join waiting for the agent's policy round ({@code policy}).
 */
final class CnmWiring {
    /** How often dockerd is asked for its containers. */
    static final Duration DOCKER_PERIOD = Duration.ofSeconds(1);
    /** How long an endpoint no container lists is kept before it is collected (starting a container takes seconds). */
    static final Duration FORGOTTEN_GRACE = Duration.ofSeconds(60);

    private CnmWiring() {
    }

    /** {@code dockerSocket} null: the drivers only, nothing published. */
    static CnmService start(Path socket, Path stateDir, Path subnetFile, Path ipamDataDir, String cniNetwork,
                            Path dockerSocket, Path cniDataDir, Datastore store, PolicyRound policy) {
        CnmConfig config = new CnmConfig(socket.toAbsolutePath(), stateDir.toAbsolutePath(),
                Optional.of(subnetFile.toAbsolutePath()), ipamDataDir.toAbsolutePath(), cniNetwork, "weft0");
        Inventory inventory = new Inventory(store);
        Optional<DockerSettings> docker = Optional.ofNullable(dockerSocket).map(d -> new DockerSettings(d.toAbsolutePath(),
                cniDataDir.toAbsolutePath(), (ns, name, labels) -> {
                    Map<String, Inventory.Port> ports = inventory.podMeta(ns, name).map(Inventory.PodMeta::ports).orElse(Map.of());
                    inventory.putPodMeta(ns, name, new Inventory.PodMeta(labels, ports));
                }, DOCKER_PERIOD, FORGOTTEN_GRACE, policy));
        return CnmService.start(config, docker);
    }
}
