package dev.weft.dhcp.lease;

import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Octets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttachmentAndOptionsTest {
    @Test
    void clientIdIsTheReferencePluginsFormat() {
        Attachment a = Attachment.of("c0ffee", "lan", "eth0");
        assertThat(a.clientId()).isEqualTo(Octets.ofHex("00").concat(Octets.ofText("c0ffee/lan/eth0")));
        assertThat(a.key()).isEqualTo("lan:c0ffee:eth0");
    }

    @Test
    void aTooLongClientIdIsHashed() {
        Attachment a = Attachment.of("c".repeat(300), "lan", "eth0");
        assertThat(a.clientId().length()).isEqualTo(33);
        assertThat(a.clientId().at(0)).isZero();
        assertThat(a.clientId()).isEqualTo(Attachment.of("c".repeat(300), "lan", "eth0").clientId());
        assertThat(a.clientId()).isNotEqualTo(Attachment.of("c".repeat(300), "lan", "eth1").clientId());
    }

    @Test
    void badNamesAreRefusedWithTheField() {
        assertThatThrownBy(() -> Attachment.of("-x", "lan", "eth0")).hasMessageStartingWith("attachment containerId \"-x\"");
        assertThatThrownBy(() -> Attachment.of("x", "a:b", "eth0")).hasMessageStartingWith("attachment network \"a:b\"");
        assertThatThrownBy(() -> Attachment.of("x", "lan", "a/b")).hasMessageContaining("invalid character");
    }

    @Test
    void requestAndProvideLikeTheReferencePlugin() {
        ClientOptions o = ClientOptions.of(List.of("host-name", "42"), false, Map.of("host-name", "pod-1"));
        assertThat(o.requested()).containsExactly(1, 3, 6, 15, 33, 121, 12, 42);
        assertThat(o.provided()).containsEntry(OptionCode.HOST_NAME, Octets.ofText("pod-1"));
        ClientOptions only = ClientOptions.of(List.of("routers"), true, Map.of());
        assertThat(only.requested()).containsExactly(3);
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> ClientOptions.of(List.of("nonsense"), false, Map.of()))
                .hasMessageStartingWith("request option \"nonsense\" is neither a known name");
        assertThatThrownBy(() -> ClientOptions.of(List.of(), false, Map.of("53", "x")))
                .hasMessage("provide option 53 is set by the client itself");
        assertThatThrownBy(() -> ClientOptions.of(List.of(), false, Map.of("host-name", "x".repeat(256))))
                .hasMessage("provide option 12 needs a value of at most 255 bytes");
        assertThatThrownBy(() -> ClientOptions.of(List.of(), false, Map.of("dhcp-client-identifier", "x")))
                .hasMessage("option 61 (client identifier) has length 1 (must be at least 2)");
    }
}
