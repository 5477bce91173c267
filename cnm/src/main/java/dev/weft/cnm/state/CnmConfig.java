package dev.weft.cnm.state;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the drivers serve and keep state. {@code subnetFile}: the agent's {@code subnet.env};
 * when present, a network created without {@code --subnet} gets the node's subnet, on the
 * agent's bridge {@code nodeBridge}, with addresses from the CNI pods' host-local store
 * ({@code ipamDataDir/cniNetwork}) — Docker containers and CNI pods then share one subnet.
 */
public record CnmConfig(Path socket, Path stateDir, Optional<Path> subnetFile, Path ipamDataDir, String cniNetwork,
                        String nodeBridge) {
    /** Docker finds a plugin named {@code weft} by this socket. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/docker/plugins/weft.sock");
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/weft/cnm");
    public static final Path DEFAULT_IPAM_DATA_DIR = Path.of("/var/lib/cni/networks");

    public CnmConfig {
        if (!socket.isAbsolute()) {
            throw new IllegalArgumentException("socket must be an absolute path, not " + socket);
        }
        if (!stateDir.isAbsolute()) {
            throw new IllegalArgumentException("stateDir must be an absolute path, not " + stateDir);
        }
        if (cniNetwork == null || cniNetwork.isEmpty() || cniNetwork.contains("/")) {
            throw new IllegalArgumentException("cniNetwork must be a CNI network name, not \"" + cniNetwork + "\"");
        }
        if (nodeBridge == null || nodeBridge.isEmpty() || nodeBridge.length() > 15) {
            throw new IllegalArgumentException("nodeBridge must be an interface name, not \"" + nodeBridge + "\"");
        }
        subnetFile = subnetFile == null ? Optional.empty() : subnetFile;
    }

    /** The agent's defaults: node subnet from {@code /run/weft/subnet.env}, CNI network {@code weft}, bridge {@code weft0}. */
    public static CnmConfig defaults() {
        return new CnmConfig(DEFAULT_SOCKET, DEFAULT_STATE_DIR, Optional.of(Path.of("/run/weft/subnet.env")),
                DEFAULT_IPAM_DATA_DIR, "weft", "weft0");
    }
}
