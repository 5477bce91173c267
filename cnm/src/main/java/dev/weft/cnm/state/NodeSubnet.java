package dev.weft.cnm.state;

import dev.weft.nodestate.SubnetEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The node's subnet as the agent wrote it ({@code subnet.env}); empty without a file. */
public final class NodeSubnet {
    private NodeSubnet() {
    }

    /** Reads {@code config.subnetFile()}; a file that exists but cannot be parsed is an error naming it. */
    public static Optional<SubnetEnv> read(CnmConfig config) {
        if (config.subnetFile().isEmpty()) {
            return Optional.empty();
        }
        Path f = config.subnetFile().get();
        try {
            return Optional.of(SubnetEnv.parse(Files.readString(f)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the node subnet from " + f + ": " + e.getMessage(), e);
        }
    }
}
