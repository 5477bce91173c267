package dev.weft.fastpath;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CniValuesTest {

    @Test
    void requestRejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> new CniRequest("", Map.of(), new byte[0])).hasMessageContaining("plugin");
        assertThatThrownBy(() -> new CniRequest("a/b", Map.of(), new byte[0])).hasMessageContaining("plugin");
        assertThatThrownBy(() -> new CniRequest("p", Map.of("A=B", "x"), new byte[0])).hasMessageContaining("env A=B");
        assertThatThrownBy(() -> new CniRequest("p", Map.of("A", "x\0y"), new byte[0])).hasMessageContaining("env A");
        assertThatThrownBy(() -> new CniRequest("p", Map.of("A", "\uD800"), new byte[0])).hasMessageContaining("env A is not valid Unicode");
        assertThatThrownBy(() -> new CniRequest("p", Map.of(), new byte[Limits.MAX_STDIN + 1])).hasMessageContaining("stdin");
    }

    @Test
    void requestIsImmutable() {
        byte[] stdin = {1, 2};
        CniRequest r = new CniRequest("p", Map.of(), stdin);
        stdin[0] = 9;
        r.stdin()[1] = 9;
        assertThat(r.stdin()).containsExactly(1, 2);
        assertThatThrownBy(() -> r.env().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fromEnvironmentKeepsOnlyCniVariables() {
        CniRequest r = CniRequest.fromEnvironment("p", Map.of("CNI_COMMAND", "DEL", "PATH", "/bin", "CNI_ARGS", "", "cni_x", "1"), new byte[0]);
        assertThat(r.env()).isEqualTo(Map.of("CNI_COMMAND", "DEL", "CNI_ARGS", ""));
    }

    @Test
    void cniVersionComesFromTheConfig() {
        assertThat(Samples.add().cniVersion()).contains("1.0.0");
        assertThat(new CniRequest("p", Map.of(), "not json".getBytes(StandardCharsets.UTF_8)).cniVersion()).isEmpty();
    }

    @Test
    void responseRejectsBadValues() {
        assertThatThrownBy(() -> new CniResponse(256, new byte[0], new byte[0])).hasMessageContaining("exitCode");
        assertThatThrownBy(() -> new CniResponse(-1, new byte[0], new byte[0])).hasMessageContaining("exitCode");
        assertThatThrownBy(() -> new CniResponse(0, new byte[0], new byte[Limits.MAX_STDERR + 1])).hasMessageContaining("stderr");
    }

    @Test
    void errorResponseIsTheSpecErrorJson() {
        CniResponse r = CniResponse.error(new CniException(CniErrorCode.TRY_AGAIN_LATER, "busy", "lock held", null), "1.0.0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8))
                .isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"busy\",\"details\":\"lock held\"}");
    }
}
