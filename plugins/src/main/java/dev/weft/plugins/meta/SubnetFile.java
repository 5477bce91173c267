package dev.weft.plugins.meta;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The agent's {@code subnet.env}, read and checked. */
public record SubnetFile(Cidr network, InterfaceAddress subnet, int mtu, boolean ipMasq) {

    /** Reads the file; a missing one means the agent is not ready yet (code 11, try again). */
    public static SubnetFile read(Path file) {
        Map<String, String> v = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    v.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        } catch (NoSuchFileException e) {
            throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "weft: " + file
                    + " does not exist yet; is the weft agent running on this node?", e);
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "weft: cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return new SubnetFile(Cidr.parse(require(v, "WEFT_NETWORK", file)),
                    InterfaceAddress.parse(require(v, "WEFT_SUBNET", file)),
                    Integer.parseInt(v.getOrDefault("WEFT_MTU", "0")), Boolean.parseBoolean(v.getOrDefault("WEFT_IPMASQ", "false")));
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft: " + file + " is malformed: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> v, String key, Path file) {
        String s = v.get(key);
        if (s == null || s.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft: " + file + " has no " + key);
        }
        return s;
    }
}
