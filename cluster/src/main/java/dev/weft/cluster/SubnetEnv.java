package dev.weft.cluster;

import dev.weft.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The agent's answer to the CNI plugin, in Flannel's {@code subnet.env} shape: the network, this
 * node's subnet as its first address (the bridge's gateway), the MTU and whether to masquerade.
 */
public record SubnetEnv(ClusterConfig config, SubnetLease lease, int mtu, boolean ipMasq) {

    public String render() {
        return "WEFT_NETWORK=" + config.network() + "\n"
                + "WEFT_SUBNET=" + lease.subnet().network().plus(1) + "/" + lease.subnet().prefixLength() + "\n"
                + "WEFT_MTU=" + mtu + "\n"
                + "WEFT_IPMASQ=" + ipMasq + "\n";
    }

    /** Writes atomically, so a plugin never reads half a file. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
