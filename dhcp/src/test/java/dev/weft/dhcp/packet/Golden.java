package dev.weft.dhcp.packet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden packets under {@code src/test/resources/dev/weft/dhcp/golden}: one hex line per
 * message. {@code dnsmasq-*.hex} were captured once with tcpdump from dnsmasq 2.90 serving busybox
 * 1.35 udhcpc in two namespaces ({@code capture.sh} there is the exact recipe), and its NAK to an
 * INIT-REBOOT request for an address of another network ({@code capture-nak.sh}). {@code weft-*.hex}
 * are weft's own messages, written by {@link #check} when run with {@code -Dweft.golden.update=true}
 * after an intended change (review the diff like code); they were checked once by decoding them
 * with tcpdump 4.99, and dnsmasq accepting them is what {@code DhcpLeasesRootTest} shows.
 */
public final class Golden {
    private static final Path DIR = Path.of("src/test/resources/dev/weft/dhcp/golden");
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

    /** Asserts that {@code actual} equals golden packet {@code name} (rewriting it under the update flag). */
    public static void check(String name, byte[] actual) {
        String hex = HexFormat.of().formatHex(actual);
        try {
            if (Boolean.getBoolean("weft.golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(DIR.resolve(name + ".hex"), hex + "\n");
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(hex).as("golden packet " + name + " (update with -Dweft.golden.update=true)")
                .isEqualTo(HexFormat.of().formatHex(bytes(name)));
    }
}
