package dev.weft.invoke;

import dev.weft.cni.CniArgs;
import dev.weft.cni.Command;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvokerTest {
    private final FakeExec exec = new FakeExec();
    private final Invoker invoker = new Invoker(exec, List.of(Path.of("/opt/cni/bin")));
    private static final Invoker.Target TARGET = new Invoker.Target("c1", "/run/netns/c1", "eth0", CniArgs.parse("X=1"));

    private static ObjectNode conf(String version) {
        return Json.parseObject("{\"cniVersion\": \"" + version + "\", \"name\": \"n\", \"type\": \"p\"}", "conf");
    }

    private void answer(String stdout) {
        exec.register("p", call -> stdout.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyAddOutputIsCode6() {
        for (String out : List.of("", "  \n")) {
            answer(out);
            assertThatThrownBy(() -> invoker.add("p", conf("1.0.0"), TARGET))
                    .isInstanceOfSatisfying(CniException.class, e -> {
                        assertThat(e.code()).isEqualTo(6);
                        assertThat(e.msg()).contains("\"p\"").contains("no result");
                    });
        }
    }

    @Test
    void malformedAddOutputIsCode6() {
        answer("{\"cniVersion\": \"1.0.0\", ");
        assertThatThrownBy(() -> invoker.add("p", conf("1.0.0"), TARGET))
                .isInstanceOfSatisfying(CniException.class, e -> {
                    assertThat(e.code()).isEqualTo(6);
                    assertThat(e.msg()).contains("\"p\"");
                });
        answer("[1, 2]");
        assertThatThrownBy(() -> invoker.add("p", conf("1.0.0"), TARGET))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(6));
    }

    @Test
    void resultWithoutCniVersionTakesTheConfigs() {
        answer("{\"ips\": [{\"version\": \"4\", \"address\": \"10.0.0.2/24\"}]}");
        Result r = invoker.add("p", conf("0.4.0"), TARGET);
        assertThat(r.version()).isEqualTo(CniVersion.V0_4_0);
        assertThat(r.ips().getFirst().address().toString()).isEqualTo("10.0.0.2/24");
    }

    @Test
    void resultKeepsItsOwnCniVersion() {
        answer("{\"cniVersion\": \"1.1.0\", \"ips\": [{\"address\": \"10.0.0.2/24\"}]}");
        assertThat(invoker.add("p", conf("0.4.0"), TARGET).version()).isEqualTo(CniVersion.V1_1_0);
    }

    @Test
    void environmentIsExactAndNoneBlanksAttachmentVariables() {
        answer("");
        invoker.call("p", Command.DEL, conf("1.0.0"), TARGET);
        invoker.call("p", Command.GC, conf("1.1.0"), Invoker.Target.NONE);
        var calls = exec.calls();
        assertThat(calls.get(0).env()).isEqualTo(Map.of("CNI_COMMAND", "DEL", "CNI_CONTAINERID", "c1",
                "CNI_NETNS", "/run/netns/c1", "CNI_IFNAME", "eth0", "CNI_ARGS", "X=1", "CNI_PATH", "/opt/cni/bin"));
        // libcni passes the attachment variables empty rather than leaving the caller's own through
        assertThat(calls.get(1).env()).isEqualTo(Map.of("CNI_COMMAND", "GC", "CNI_CONTAINERID", "", "CNI_NETNS", "",
                "CNI_IFNAME", "", "CNI_ARGS", "", "CNI_PATH", "/opt/cni/bin"));
        assertThat(Json.parseObject(calls.get(0).stdin(), "stdin")).isEqualTo(conf("1.0.0"));
    }

    @Test
    void pluginErrorsKeepCodeAndGainPluginAndCommand() {
        exec.register("p", call -> {
            throw new CniException(123, "custom failure", "some details", null);
        });
        assertThatThrownBy(() -> invoker.call("p", Command.CHECK, conf("1.0.0"), TARGET))
                .isInstanceOfSatisfying(CniException.class, e -> {
                    assertThat(e.code()).isEqualTo(123);
                    assertThat(e.msg()).isEqualTo("plugin \"p\" (CHECK): custom failure");
                    assertThat(e.details()).isEqualTo("some details");
                });
    }

    @Test
    void versionDecodesTheAnswer() {
        exec.register("p", call -> Json.bytes(new VersionInfo("1.0.0", List.of("0.4.0", "1.0.0")).encode()));
        VersionInfo v = invoker.version("p");
        assertThat(v.supportedVersions()).containsExactly("0.4.0", "1.0.0");
        assertThat(exec.calls().getFirst().command()).isEqualTo("VERSION");
        exec.register("p", call -> "garbage".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> invoker.version("p")).isInstanceOfSatisfying(CniException.class, e -> {
            assertThat(e.code()).isEqualTo(6);
            assertThat(e.msg()).contains("\"p\"").contains("VERSION");
        });
    }
}
