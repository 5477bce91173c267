package dev.weft.cnm;

import dev.weft.cnm.ipam.IpamDriver;
import dev.weft.cnm.network.BridgePlumbing;
import dev.weft.cnm.network.NetworkDriver;
import dev.weft.cnm.network.Plumbing;
import dev.weft.cnm.server.CnmServer;
import dev.weft.cnm.server.Routes;
import dev.weft.cnm.state.CnmConfig;
import dev.weft.cnm.state.CnmState;

/**
 * Both drivers wired on one state and served on one socket: what {@code weft cnm serve} and the
 * agent's {@code --cnm-socket} run.
 */
public final class CnmService implements AutoCloseable {
    private final CnmServer server;

    private CnmService(CnmServer server) {
        this.server = server;
    }

    /** Loads the state under {@code config.stateDir()} and serves on {@code config.socket()}. */
    public static CnmService start(CnmConfig config) {
        return start(config, new BridgePlumbing(config.nodeBridge()));
    }

    public static CnmService start(CnmConfig config, Plumbing plumbing) {
        CnmState state = CnmState.load(config.stateDir());
        Routes routes = new Routes(new NetworkDriver(config, state, plumbing), new IpamDriver(config, state));
        return new CnmService(CnmServer.start(config.socket(), routes));
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
        server.close();
    }
}
