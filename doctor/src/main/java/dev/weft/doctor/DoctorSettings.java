package dev.weft.doctor;

import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one node's agent keeps its files (the same options as {@code weft agent}), which datastore
 * it uses, the free address the segment probe may borrow, a {@code dataplane.json} to cite, and
 * how to restart the agent (the fix text of a stopped agent).
 */
public record DoctorSettings(String node, Optional<IpAddress> publicIp, String datastore, Path statusFile,
                             Optional<Path> cniSocket, Path cniDataDir, Optional<InterfaceAddress> probeAddress,
                             Optional<Path> benchFile, String restart) {
    public DoctorSettings {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("--node: a node name is required");
        }
        Objects.requireNonNull(datastore, "datastore");
        Objects.requireNonNull(statusFile, "statusFile");
        Objects.requireNonNull(cniDataDir, "cniDataDir");
        publicIp = publicIp == null ? Optional.empty() : publicIp;
        cniSocket = cniSocket == null ? Optional.empty() : cniSocket;
        probeAddress = probeAddress == null ? Optional.empty() : probeAddress;
        benchFile = benchFile == null ? Optional.empty() : benchFile;
        restart = restart == null || restart.isBlank() ? "weft agent ..." : restart;
    }
}
