package dev.weft.lab;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The DHCP lab's conflist reads as JSON and hands weft-bridge the node daemon's socket. */
class LabDhcpConflistTest {
    @Test
    void weftBridgeTakesItsAddressesFromTheNodesDhcpDaemon() {
        JsonNode list = JsonMapper.builder().build().readTree(LabDhcp.conflist("weft", Path.of("/run/x/dhcp.sock")));
        JsonNode plugin = list.get("plugins").get(0);
        assertThat(plugin.get("type").asString()).isEqualTo("weft-bridge");
        assertThat(plugin.get("ipam").get("type").asString()).isEqualTo("weft-dhcp");
        assertThat(plugin.get("ipam").get("daemonSocketPath").asString()).isEqualTo("/run/x/dhcp.sock");
    }
}
