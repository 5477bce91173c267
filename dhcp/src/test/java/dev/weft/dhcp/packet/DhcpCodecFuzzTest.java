package dev.weft.dhcp.packet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder reads bytes from the network: whatever it is given, it either returns a packet that
 * re-encodes to one it decodes equal, or throws {@link DhcpDecodeException} — nothing else.
 */
class DhcpCodecFuzzTest {
    private static final List<String> GOLDEN = List.of("dnsmasq-discover", "dnsmasq-offer", "dnsmasq-request",
            "dnsmasq-ack");

    @Property(tries = 2000)
    void arbitraryBytes(@ForAll @Size(max = 700) byte[] bytes) {
        decodeSafely(bytes);
    }

    /** Arbitrary bytes after a valid header and cookie, so the option walker is what gets exercised. */
    @Property(tries = 3000)
    void arbitraryOptions(@ForAll @Size(max = 400) byte[] options) {
        byte[] header = Golden.bytes("dnsmasq-offer");
        byte[] b = Arrays.copyOf(header, 240 + options.length);
        System.arraycopy(options, 0, b, 240, options.length);
        decodeSafely(b);
    }

    @Property(tries = 3000)
    void mutatedGoldenPackets(@ForAll("mutations") byte[] bytes) {
        decodeSafely(bytes);
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<byte[]> golden = Arbitraries.of(GOLDEN).map(Golden::bytes);
        return golden.flatMap(g -> Arbitraries.oneOf(
                flips(g),
                Arbitraries.integers().between(0, g.length).map(n -> Arrays.copyOf(g, n)),
                Arbitraries.integers().between(240, g.length - 1).flatMap(at -> Arbitraries.bytes().array(byte[].class)
                        .ofMaxSize(40).map(ins -> insert(g, at, ins)))));
    }

    private static Arbitrary<byte[]> flips(byte[] g) {
        return Arbitraries.integers().between(0, g.length - 1).list().ofMinSize(1).ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] m = g.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        m[positions.get(i)] = values.get(i);
                    }
                    return m;
                }));
    }

    private static byte[] insert(byte[] g, int at, byte[] ins) {
        byte[] m = new byte[g.length + ins.length];
        System.arraycopy(g, 0, m, 0, at);
        System.arraycopy(ins, 0, m, at, ins.length);
        System.arraycopy(g, at, m, at + ins.length, g.length - at);
        return m;
    }

    private static void decodeSafely(byte[] bytes) {
        DhcpPacket p;
        try {
            p = DhcpCodec.decode(bytes);
        } catch (DhcpDecodeException expected) {
            assertThat(expected.problem()).isNotNull();
            assertThat(expected.getMessage()).isNotBlank();
            return;
        }
        // Whatever decodes also reads through every typed getter and survives a round trip.
        Options o = p.options();
        o.messageType();
        o.subnetPrefix();
        o.routers();
        o.dnsServers();
        o.domainName();
        o.staticRoutes();
        o.classlessRoutes();
        o.leaseTime();
        o.parameterRequestList();
        p.mac();
        try {
            assertThat(DhcpCodec.decode(DhcpCodec.encode(p))).isEqualTo(p);
        } catch (DhcpDecodeException e) {
            throw new AssertionError("re-encoded packet does not decode: " + e.getMessage(), e);
        }
    }
}
