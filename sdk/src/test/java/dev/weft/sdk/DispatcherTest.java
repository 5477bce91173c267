package dev.weft.sdk;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import dev.weft.cni.Attachment;
import dev.weft.cni.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class DispatcherTest {

    /** Records what it is given; ADD answers with {@code addResult}. */
    static final class TestPlugin implements Plugin {
        final List<Object> requests = new ArrayList<>();
        Function<Request, Result> onAdd = r -> result110();
        RuntimeException toThrow;

        @Override
        public Result add(Request request) {
            requests.add(request);
            maybeThrow();
            return onAdd.apply(request);
        }

        @Override
        public void del(Request request) {
            requests.add(request);
            maybeThrow();
        }

        @Override
        public void check(Request request) {
            requests.add(request);
            maybeThrow();
        }

        @Override
        public void gc(GcRequest request) {
            requests.add(request);
            maybeThrow();
        }

        @Override
        public void status(StatusRequest request) {
            requests.add(request);
            maybeThrow();
        }

        @Override
        public VersionInfo versions() {
            return new VersionInfo("1.1.0", List.of("0.3.1", "0.4.0", "1.0.0", "1.1.0"));
        }

        private void maybeThrow() {
            if (toThrow != null) {
                throw toThrow;
            }
        }
    }

    static Result result110() {
        return ResultCodec.decode(Json.parseObject("""
                {"cniVersion": "1.1.0",
                 "interfaces": [{"name": "eth0", "mac": "0a:58:0a:00:00:02", "mtu": 1450, "sandbox": "/run/netns/c1"}],
                 "ips": [{"address": "10.0.0.2/24", "gateway": "10.0.0.1", "interface": 0},
                         {"address": "fd00::2/64", "interface": 0}]}""", "result"));
    }

    record Out(int exit, String stdout, String stderr) {
        JsonNode json() {
            return Json.mapper().readTree(stdout);
        }

        int code() {
            return json().path("code").asInt();
        }

        String msg() {
            return json().path("msg").asString();
        }
    }

    final TestPlugin plugin = new TestPlugin();

    static Map<String, String> env(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "c1");
        env.put("CNI_NETNS", "/run/netns/c1");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "K8S_POD_NAME=p;IgnoreUnknown=1");
        env.put("CNI_PATH", "/opt/cni/bin:/usr/libexec/cni");
        return env;
    }

    static String conf(String version) {
        return "{\"cniVersion\": \"" + version + "\", \"name\": \"mynet\", \"type\": \"test\", \"mtu\": 1400}";
    }

    Out run(Map<String, String> env, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Dispatcher(plugin).run(env, stdin.getBytes(StandardCharsets.UTF_8), out, err);
        return new Out(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exit 1 and stdout is exactly one error object with this code. */
    static void assertError(Out o, int code) {
        assertThat(o.exit()).as(o.stdout()).isEqualTo(1);
        JsonNode j = o.json();
        assertThat(j.isObject()).isTrue();
        assertThat(j.path("code").asInt()).as(o.stdout()).isEqualTo(code);
        assertThat(j.propertyNames()).isSubsetOf("cniVersion", "code", "msg", "details");
        // nothing but that one JSON document on stdout
        assertThat(o.stdout().strip()).isEqualTo(Json.compact(j));
    }

    // ---- VERSION and environment

    @Test
    void versionNeedsNoStdinOrOtherEnv() {
        Out o = run(Map.of("CNI_COMMAND", "VERSION"), "");
        assertThat(o.exit()).isZero();
        assertThat(o.json()).isEqualTo(Json.parseObject("""
                {"cniVersion": "1.1.0", "supportedVersions": ["0.3.1", "0.4.0", "1.0.0", "1.1.0"]}""", "v"));
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void missingCommandIsCode4() {
        Map<String, String> env = env("ADD");
        env.remove("CNI_COMMAND");
        Out o = run(env, conf("1.1.0"));
        assertError(o, 4);
        assertThat(o.msg()).contains("CNI_COMMAND");
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void unknownCommandIsCode4() {
        Out o = run(env("FROB"), conf("1.1.0"));
        assertError(o, 4);
        assertThat(o.msg()).contains("FROB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"})
    void missingVariableForAddIsCode4NamingIt(String name) {
        for (String command : List.of("ADD", "CHECK")) {
            Map<String, String> env = env(command);
            env.remove(name);
            Out o = run(env, conf("1.1.0"));
            assertError(o, 4);
            assertThat(o.msg()).contains(name);
            assertThat(o.json().path("cniVersion").asString()).isEqualTo("1.1.0");
        }
        Map<String, String> empty = env("ADD");
        empty.put(name, "");
        assertError(run(empty, conf("1.1.0")), 4);
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void severalMissingVariablesAreAllNamed() {
        Out o = run(Map.of("CNI_COMMAND", "ADD"), conf("1.1.0"));
        assertError(o, 4);
        assertThat(o.msg()).contains("CNI_CONTAINERID").contains("CNI_NETNS").contains("CNI_IFNAME").contains("CNI_PATH");
    }

    @Test
    void delWithoutNetnsIsAccepted() {
        Map<String, String> env = env("DEL");
        env.remove("CNI_NETNS");
        Out o = run(env, conf("1.1.0"));
        assertThat(o.exit()).as(o.stdout()).isZero();
        assertThat(o.stdout()).isEmpty();
        Request r = (Request) plugin.requests.getFirst();
        assertThat(r.command()).isEqualTo(Command.DEL);
        assertThat(r.netns()).isEmpty();
        assertThat(r.hasNetns()).isFalse();
    }

    @Test
    void delStillNeedsContainerIdAndIfname() {
        Map<String, String> env = env("DEL");
        env.remove("CNI_IFNAME");
        Out o = run(env, conf("1.1.0"));
        assertError(o, 4);
        assertThat(o.msg()).contains("CNI_IFNAME").doesNotContain("CNI_NETNS");
    }

    @Test
    void overlongIfnameIsCode4() {
        Map<String, String> env = env("ADD");
        env.put("CNI_IFNAME", "abcdefghijklmnop"); // 16 characters
        Out o = run(env, conf("1.1.0"));
        assertError(o, 4);
        assertThat(o.msg()).contains("CNI_IFNAME");
        env.put("CNI_IFNAME", "abcdefghijklmno"); // 15 is fine
        assertThat(run(env, conf("1.1.0")).exit()).isZero();
    }

    @Test
    void badContainerIdAndBadArgsAreCode4() {
        Map<String, String> env = env("ADD");
        env.put("CNI_CONTAINERID", "-leading-dash");
        assertError(run(env, conf("1.1.0")), 4);
        env = env("ADD");
        env.put("CNI_ARGS", "novalue");
        assertError(run(env, conf("1.1.0")), 4);
    }

    // ---- configuration

    @Test
    void unsupportedConfigVersionIsCode1() {
        Out o = run(env("ADD"), conf("0.2.0"));
        assertError(o, 1);
        assertThat(o.msg()).contains("0.2.0");
        Out missing = run(env("ADD"), "{\"name\": \"n\", \"type\": \"t\"}");
        assertError(missing, 1);
        assertThat(missing.msg()).contains("cniVersion");
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void malformedConfigIsCode6() {
        assertError(run(env("ADD"), "{\"cniVersion\": "), 6);
        assertError(run(env("ADD"), ""), 6);
        assertError(run(env("DEL"), "[]"), 6);
    }

    // ---- ADD

    @Test
    void addPassesTheRequestAndPrintsTheResult() {
        Out o = run(env("ADD"), conf("1.1.0"));
        assertThat(o.exit()).as(o.stdout()).isZero();
        assertThat(o.json()).isEqualTo(ResultCodec.encode(result110()));
        Request r = (Request) plugin.requests.getFirst();
        assertThat(r.command()).isEqualTo(Command.ADD);
        assertThat(r.containerId().value()).isEqualTo("c1");
        assertThat(r.netns()).isEqualTo("/run/netns/c1");
        assertThat(r.ifName().value()).isEqualTo("eth0");
        assertThat(r.args().get("K8S_POD_NAME")).contains("p");
        assertThat(r.cniPath()).containsExactly(Path.of("/opt/cni/bin"), Path.of("/usr/libexec/cni"));
        assertThat(r.network()).isEqualTo("mynet");
        assertThat(r.version()).isEqualTo(CniVersion.V1_1_0);
        assertThat(r.config().path("mtu").asInt()).isEqualTo(1400);
        assertThat(r.prevResult()).isEmpty();
        assertThat(r.attachment()).isEqualTo(new Attachment("c1", "eth0"));
    }

    @Test
    void addResultIsConvertedToTheConfigVersion() {
        Out o = run(env("ADD"), conf("0.4.0"));
        assertThat(o.exit()).as(o.stdout()).isZero();
        assertThat(o.json()).isEqualTo(Json.parseObject("""
                {"cniVersion": "0.4.0",
                 "interfaces": [{"name": "eth0", "mac": "0a:58:0a:00:00:02", "sandbox": "/run/netns/c1"}],
                 "ips": [{"version": "4", "interface": 0, "address": "10.0.0.2/24", "gateway": "10.0.0.1"},
                         {"version": "6", "interface": 0, "address": "fd00::2/64"}]}""", "expected"));
    }

    @Test
    void runtimeConfigIsParsed() {
        Out o = run(env("ADD"), """
                {"cniVersion": "1.0.0", "name": "n", "type": "t",
                 "runtimeConfig": {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "udp"}],
                                   "mac": "0a:58:00:00:00:09"}}""");
        assertThat(o.exit()).as(o.stdout()).isZero();
        Request r = (Request) plugin.requests.getFirst();
        assertThat(r.runtimeConfig().portMappings()).hasSize(1);
        assertThat(r.runtimeConfig().portMappings().getFirst().hostPort()).isEqualTo(8080);
        assertThat(r.runtimeConfig().mac().orElseThrow().toString()).isEqualTo("0a:58:00:00:00:09");
    }

    @Test
    void prevResultIsParsedAndConvertedToTheConfigVersion() {
        String config = """
                {"cniVersion": "0.4.0", "name": "n", "type": "t",
                 "prevResult": {"cniVersion": "1.0.0",
                   "interfaces": [{"name": "eth0", "mtu": 9000, "sandbox": "/run/netns/c1"}],
                   "ips": [{"address": "192.168.1.5/24", "interface": 0}]}}""";
        plugin.onAdd = r -> r.prevResult().orElseThrow();
        Out o = run(env("ADD"), config);
        assertThat(o.exit()).as(o.stdout()).isZero();
        Request r = (Request) plugin.requests.getFirst();
        Result prev = r.prevResult().orElseThrow();
        assertThat(prev.version()).isEqualTo(CniVersion.V0_4_0);
        assertThat(prev.interfaces().getFirst().mtu()).isNull();
        assertThat(prev.ips().getFirst().address().toString()).isEqualTo("192.168.1.5/24");
        assertThat(o.json().path("ips").path(0).path("version").asString()).isEqualTo("4");
    }

    @Test
    void badPrevResultIsAnError() {
        Out o = run(env("ADD"), """
                {"cniVersion": "1.0.0", "name": "n", "type": "t", "prevResult": {"cniVersion": "1.0.0", "ips": [{"address": "nope"}]}}""");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.code()).isEqualTo(6);
        assertThat(o.msg()).contains("prevResult");
    }

    // ---- CHECK, GC, STATUS

    @Test
    void checkGetsPrevResult() {
        Out o = run(env("CHECK"), """
                {"cniVersion": "1.0.0", "name": "n", "type": "t",
                 "prevResult": {"cniVersion": "1.0.0", "ips": [{"address": "10.1.1.1/24"}]}}""");
        assertThat(o.exit()).as(o.stdout()).isZero();
        assertThat(o.stdout()).isEmpty();
        Request r = (Request) plugin.requests.getFirst();
        assertThat(r.command()).isEqualTo(Command.CHECK);
        assertThat(r.prevResult().orElseThrow().ips().getFirst().address().toString()).isEqualTo("10.1.1.1/24");
    }

    @Test
    void checkOf031ConfigIsCode1() {
        Out o = run(env("CHECK"), conf("0.3.1"));
        assertError(o, 1);
        assertThat(o.json().path("cniVersion").asString()).isEqualTo("0.3.1");
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void gcReceivesValidAttachments() {
        Map<String, String> env = Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/opt/cni/bin");
        Out o = run(env, """
                {"cniVersion": "1.1.0", "name": "gcnet", "type": "t",
                 "cni.dev/valid-attachments": [{"containerID": "a", "ifname": "eth0"}, {"containerID": "b", "ifname": "net1"}]}""");
        assertThat(o.exit()).as(o.stdout()).isZero();
        assertThat(o.stdout()).isEmpty();
        GcRequest g = (GcRequest) plugin.requests.getFirst();
        assertThat(g.network()).isEqualTo("gcnet");
        assertThat(g.version()).isEqualTo(CniVersion.V1_1_0);
        assertThat(g.validAttachments()).isEqualTo(Set.of(new Attachment("a", "eth0"), new Attachment("b", "net1")));
        assertThat(g.cniPath()).containsExactly(Path.of("/opt/cni/bin"));
    }

    @Test
    void gcNeedsCniPath() {
        Out o = run(Map.of("CNI_COMMAND", "GC"), conf("1.1.0"));
        assertError(o, 4);
        assertThat(o.msg()).contains("CNI_PATH");
    }

    @Test
    void statusIsDispatched() {
        Out o = run(Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", "/opt/cni/bin"), conf("1.1.0"));
        assertThat(o.exit()).as(o.stdout()).isZero();
        StatusRequest s = (StatusRequest) plugin.requests.getFirst();
        assertThat(s.network()).isEqualTo("mynet");
        assertThat(s.config().path("mtu").asInt()).isEqualTo(1400);
        plugin.toThrow = new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "daemon down");
        Out down = run(Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", "/opt/cni/bin"), conf("1.1.0"));
        assertError(down, 50);
        assertThat(down.msg()).isEqualTo("daemon down");
    }

    // ---- failures

    @Test
    void cniExceptionKeepsItsCode() {
        plugin.toThrow = new CniException(CniErrorCode.TRY_AGAIN_LATER, "lock busy", "held by pid 7", null);
        Out o = run(env("ADD"), conf("1.0.0"));
        assertError(o, 11);
        assertThat(o.json()).isEqualTo(Json.parseObject(
                "{\"cniVersion\": \"1.0.0\", \"code\": 11, \"msg\": \"lock busy\", \"details\": \"held by pid 7\"}", "e"));
    }

    @Test
    void unexpectedExceptionIs999WithStackTraceOnStderr() {
        plugin.onAdd = r -> {
            String absent = r.config().get("absent").asString(); // a genuine NullPointerException
            throw new AssertionError(absent);
        };
        Out o = run(env("ADD"), conf("1.0.0"));
        assertError(o, 999);
        assertThat(o.msg()).contains("Cannot invoke");
        assertThat(o.json().path("details").asString()).isEqualTo("java.lang.NullPointerException");
        assertThat(o.json().path("cniVersion").asString()).isEqualTo("1.0.0");
        assertThat(o.stderr()).contains("java.lang.NullPointerException")
                .contains("at dev.weft.sdk.DispatcherTest")
                .contains("at dev.weft.sdk.Dispatcher.dispatch");
        assertThat(o.stdout()).doesNotContain("\tat ");
    }

    @Test
    void errorInDelIsReportedToo() {
        plugin.toThrow = new IllegalStateException("half gone");
        Out o = run(env("DEL"), conf("0.4.0"));
        assertError(o, 999);
        assertThat(o.json().path("details").asString()).isEqualTo("java.lang.IllegalStateException");
    }
}
