package dev.weft.ipam.dhcp;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.packet.Octets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DhcpIpamConfigTest {
    private static DhcpIpamConfig parse(String ipam, String cniArgs) {
        ObjectNode stdin = (ObjectNode) Json.mapper().readTree(
                "{\"cniVersion\":\"1.0.0\",\"name\":\"lan\",\"type\":\"weft-bridge\",\"ipam\":" + ipam + "}");
        return DhcpIpamConfig.parse(stdin, CniArgs.parse(cniArgs));
    }

    private static DhcpIpamConfig parse(String ipam) {
        return parse(ipam, "");
    }

    @Test
    void defaults() {
        DhcpIpamConfig c = parse("{\"type\":\"weft-dhcp\"}");
        assertThat(c.daemonSocketPath()).isEqualTo(Path.of("/run/weft/dhcp.sock"));
        assertThat(c.options()).isEqualTo(ClientOptions.DEFAULTS);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    /** The reference plugin's documented example shape, with numbers and names mixed. */
    @Test
    void referenceKeys() {
        DhcpIpamConfig c = parse("""
                {"type":"weft-dhcp","daemonSocketPath":"/run/x/dhcp.sock","timeout":"1m2.5s",
                 "request":[{"option":"42"},{"option":"domain-search","skipDefault":false},{"option":119}],
                 "provide":[{"option":"host-name","fromArg":"K8S_POD_NAME"},{"option":60,"value":"weft"}]}
                """.replace("domain-search", "static-routes"), "IgnoreUnknown=1;K8S_POD_NAME=web-0");
        assertThat(c.daemonSocketPath()).isEqualTo(Path.of("/run/x/dhcp.sock"));
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(62_500));
        assertThat(c.options().requested()).containsExactly(1, 3, 6, 15, 33, 121, 42, 119);
        assertThat(c.options().provided()).containsExactly(Map.entry(12, Octets.ofText("web-0")),
                Map.entry(60, Octets.ofText("weft")));
    }

    @Test
    void skipDefaultAsksOnlyForWhatIsNamed() {
        DhcpIpamConfig c = parse("{\"request\":[{\"option\":\"subnet-mask\",\"skipDefault\":true},{\"option\":\"routers\"}]}");
        assertThat(c.options().requested()).containsExactly(1, 3);
    }

    @Test
    void timeoutForms() {
        assertThat(parse("{\"timeout\":3}").timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(parse("{\"timeout\":0.25}").timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("{\"timeout\":\"750ms\"}").timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(DhcpIpamConfig.goDuration("1h")).contains(Duration.ofHours(1));
        assertThat(DhcpIpamConfig.goDuration("10")).isEmpty();
        assertThat(DhcpIpamConfig.goDuration("1s junk")).isEmpty();
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> parse("{\"timeout\":\"soon\"}")).isInstanceOf(CniException.class)
                .hasMessageContaining("\"ipam.timeout\"").hasMessageContaining("\"soon\"");
        assertThatThrownBy(() -> parse("{\"timeout\":0}")).hasMessageContaining("\"ipam.timeout\"");
        assertThatThrownBy(() -> parse("{\"timeout\":\"6m\"}")).hasMessageContaining("5 minutes");
        assertThatThrownBy(() -> parse("{\"daemonSocketPath\":\"run/dhcp.sock\"}"))
                .hasMessageContaining("\"ipam.daemonSocketPath\" must be an absolute path");
        assertThatThrownBy(() -> parse("{\"request\":[{\"option\":\"warp-drive\"}]}"))
                .hasMessageContaining("\"ipam.request[0].option\"").hasMessageContaining("warp-drive");
        assertThatThrownBy(() -> parse("{\"provide\":[{\"option\":\"host-name\"}]}"))
                .hasMessageContaining("\"ipam.provide[0]\" needs exactly one of \"value\" and \"fromArg\"");
        assertThatThrownBy(() -> parse("{\"provide\":[{\"option\":\"host-name\",\"fromArg\":\"K8S_POD_NAME\"}]}"))
                .hasMessageContaining("\"ipam.provide[0].fromArg\"").hasMessageContaining("K8S_POD_NAME");
        assertThatThrownBy(() -> parse("{\"provide\":[{\"option\":53,\"value\":\"x\"}]}"))
                .hasMessageContaining("\"ipam.provide\"").hasMessageContaining("set by the client itself");
        assertThatThrownBy(() -> parse("{\"request\":{\"option\":\"routers\"}}")).hasMessageContaining("must be an array");
    }
}
