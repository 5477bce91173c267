package dev.weft.dhcp.lease;

import dev.weft.dhcp.packet.Octets;
import dev.weft.net.InterfaceName;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * One container interface on one network, the unit that holds a lease: CNI's container ID,
 * network name and interface name. Container ID and network follow the CNI spec's rule
 * (alphanumeric first, then alphanumerics, {@code _ . -}).
 */
public record Attachment(String containerId, String network, InterfaceName ifName) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    private static final int MAX_CLIENT_ID = 254;

    public Attachment {
        check("containerId", containerId);
        check("network", network);
        if (ifName == null) {
            throw new IllegalArgumentException("attachment ifName is required");
        }
    }

    public static Attachment of(String containerId, String network, String ifName) {
        return new Attachment(containerId, network, InterfaceName.of(ifName));
    }

    private static void check(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("attachment " + field + " \"" + value
                    + "\" must start with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
    }

    /**
     * The DHCP client identifier (option 61): type 0 and {@code containerId/network/ifName}, the
     * reference plugin's identifier, so a repeated ADD (or a switch from the reference daemon) asks
     * for the same lease. Past the option's 255 bytes it is type 0 and the identifier's SHA-256.
     */
    public Octets clientId() {
        byte[] id = (containerId + "/" + network + "/" + ifName).getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_CLIENT_ID) {
            id = sha256(id);
        }
        byte[] out = new byte[id.length + 1];
        System.arraycopy(id, 0, out, 1, id.length);
        return Octets.of(out);
    }

    /**
     * A file name stem unique per attachment: {@code network:containerId:ifName}. Unambiguous because
     * neither name may contain {@code :}, and nor may an interface name.
     */
    public String key() {
        return network + ":" + containerId + ":" + ifName;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
