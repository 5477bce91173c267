package dev.weft.dhcp.client;

import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.packet.DhcpCodec;
import dev.weft.dhcp.packet.Golden;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** weft's own messages, byte for byte (see {@link Golden} for how the files are made and checked). */
class MessagesGoldenTest {
    private static final int XID = 0x0a0b0c0d;
    private static final IpAddress ADDRESS = IpAddress.parse("192.0.2.57");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.1");
    private static final ClientConfig CONFIG = ClientConfig.of(MacAddress.parse("02:00:00:00:d4:cf"),
            Attachment.of("c0ffee01", "lan", "eth0").clientId(), ClientOptions.DEFAULTS, Duration.ofSeconds(10));

    @Test
    void discover() {
        Golden.check("weft-discover", DhcpCodec.encode(Messages.discover(CONFIG, XID, 0, null)));
    }

    @Test
    void discoverWithHintAndProvidedOptions() {
        ClientConfig c = ClientConfig.of(CONFIG.mac(), CONFIG.clientId(),
                ClientOptions.of(List.of("host-name"), false, Map.of("host-name", "pod-1", "vendor-class-identifier", "weft")),
                Duration.ofSeconds(10));
        var p = Messages.discover(c, XID, 2, ADDRESS);
        assertThat(p.options().hostName()).contains("pod-1");
        assertThat(p.options().requestedAddress()).contains(ADDRESS);
        Golden.check("weft-discover-provided", DhcpCodec.encode(p));
    }

    @Test
    void select() {
        Golden.check("weft-select", DhcpCodec.encode(Messages.select(CONFIG, XID, 3, ADDRESS, SERVER)));
    }

    @Test
    void reboot() {
        Golden.check("weft-reboot", DhcpCodec.encode(Messages.reboot(CONFIG, XID, 0, ADDRESS)));
    }

    @Test
    void renew() {
        Golden.check("weft-renew", DhcpCodec.encode(Messages.renew(CONFIG, XID, 0, ADDRESS)));
    }

    @Test
    void release() {
        var p = Messages.release(CONFIG, XID, ADDRESS, SERVER);
        assertThat(p.options().codes()).containsExactly(OptionCode.MESSAGE_TYPE, OptionCode.CLIENT_ID, OptionCode.SERVER_ID);
        assertThat(p.messageType()).contains(MessageType.RELEASE);
        Golden.check("weft-release", DhcpCodec.encode(p));
    }

    @Test
    void aProvidedClientIdentifierReplacesTheDerivedOne() {
        ClientConfig c = ClientConfig.of(CONFIG.mac(), CONFIG.clientId(),
                ClientOptions.of(List.of(), false, Map.of("dhcp-client-identifier", "\u0001fixed")), Duration.ofSeconds(10));
        assertThat(Messages.discover(c, XID, 0, null).options().clientId().orElseThrow().asText()).isEqualTo("\u0001fixed");
        assertThat(Messages.release(c, XID, ADDRESS, SERVER).options().clientId().orElseThrow().asText()).isEqualTo("\u0001fixed");
    }
}
