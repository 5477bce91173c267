package dev.weft.dhcp.packet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The golden packets under {@code src/test/resources/dev/weft/dhcp/golden}: one hex line per
 * message. {@code dnsmasq-*.hex} were captured once with tcpdump from dnsmasq 2.90 serving busybox
 * 1.35 udhcpc in two namespaces ({@code capture.sh} there is the exact recipe).
 */
public final class Golden {
    private Golden() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/dev/weft/dhcp/golden/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden packet " + name);
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DhcpPacket packet(String name) {
        try {
            return DhcpCodec.decode(bytes(name));
        } catch (DhcpDecodeException e) {
            throw new AssertionError(name + " does not decode: " + e.getMessage(), e);
        }
    }
}
