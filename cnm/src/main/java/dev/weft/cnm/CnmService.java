package dev.weft.cnm;

import dev.weft.cnm.docker.DockerPublisher;
import dev.weft.cnm.docker.DockerSettings;
import dev.weft.cnm.ipam.IpamDriver;
import dev.weft.cnm.network.BridgePlumbing;
import dev.weft.cnm.network.NetworkDriver;
import dev.weft.cnm.network.Plumbing;
import dev.weft.cnm.server.CnmServer;
import dev.weft.cnm.server.Routes;
import dev.weft.cnm.state.CnmConfig;
import dev.weft.cnm.state.CnmState;

import java.util.Optional;

/**
 * Both drivers wired on one state and served on one socket: what {@code weft cnm serve} and the
 * agent's {@code --cnm-socket} run.
 */
public final class CnmService implements AutoCloseable {
    private final CnmServer server;
    private final Optional<DockerPublisher> publisher;

    private CnmService(CnmServer server, Optional<DockerPublisher> publisher) {
        this.server = server;
        this.publisher = publisher;
    }

    /** Loads the state under {@code config.stateDir()} and serves on {@code config.socket()}. */
    public static CnmService start(CnmConfig config) {
        return start(config, new BridgePlumbing(config.nodeBridge()));
    }

    public static CnmService start(CnmConfig config, Plumbing plumbing) {
        return start(config, plumbing, Optional.empty());
    }

    /** As {@link #start(CnmConfig)}, and with {@code docker} its containers are published as pods (labels included). */
    public static CnmService start(CnmConfig config, Optional<DockerSettings> docker) {
        return start(config, new BridgePlumbing(config.nodeBridge()), docker);
    }

    public static CnmService start(CnmConfig config, Plumbing plumbing, Optional<DockerSettings> docker) {
        CnmState state = CnmState.load(config.stateDir());
        NetworkDriver network = new NetworkDriver(config, state, plumbing);
        IpamDriver ipam = new IpamDriver(config, state);
        Routes routes = new Routes(network, ipam);
        EndpointCollector collector = new EndpointCollector(state, network, ipam);
        Optional<DockerPublisher> publisher = docker.map(d -> DockerPublisher.start(d, () -> routes.locked(state::endpoints),
                eid -> routes.locked(() -> {
                    collector.forget(eid);
                    return null;
                })));
        publisher.ifPresent(network::tell); // before serving: every Join publishes its container
        try {
            return new CnmService(CnmServer.start(config.socket(), routes), publisher);
        } catch (RuntimeException e) {
            publisher.ifPresent(DockerPublisher::close);
            throw e;
        }
    }

    /** Whether the socket still answers (the server has not failed or stopped). */
    public boolean isServing() {
        return server.isRunning();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        publisher.ifPresent(DockerPublisher::close);
        server.close();
    }
}
