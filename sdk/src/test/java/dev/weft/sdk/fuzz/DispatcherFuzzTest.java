package dev.weft.sdk.fuzz;

import dev.weft.cni.CniVersion;
import dev.weft.cni.fuzz.JsonFuzz;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.StatusRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dispatcher, the one boundary where outside input becomes a request: configuration on stdin
 * (with {@code prevResult}, {@code runtimeConfig}, {@code args}, valid attachments) and the
 * {@code CNI_*} environment ({@code CNI_ARGS} among it), mutated or arbitrary. Every call ends in
 * exit 0, or exit 1 with one error object whose code is not 999: bad input is never an internal error.
 */
class DispatcherFuzzTest {
    static final ObjectNode CONF = Json.parseObject("""
            {"cniVersion": "1.1.0", "name": "net", "type": "fuzz", "mtu": 1400,
             "args": {"cni": {"ips": ["10.1.2.3"]}},
             "runtimeConfig": {"ips": ["10.1.2.3/24"], "mac": "02:42:ac:11:00:02", "deviceID": "0000:3d:00.1",
               "portMappings": [{"hostPort": 80, "containerPort": 8080, "protocol": "tcp"}],
               "ipRanges": [[{"subnet": "10.1.2.0/24"}]], "bandwidth": {"ingressRate": 1, "ingressBurst": 1},
               "dns": {"servers": ["10.0.0.53"]}, "aliases": ["a"]},
             "cni.dev/valid-attachments": [{"containerID": "c1", "ifname": "eth0"}],
             "prevResult": {"cniVersion": "1.1.0",
               "interfaces": [{"name": "eth0", "mac": "02:42:ac:11:00:02", "sandbox": "/run/netns/c1"}],
               "ips": [{"address": "10.1.2.3/24", "gateway": "10.1.2.1", "interface": 0}],
               "routes": [{"dst": "0.0.0.0/0"}], "dns": {"nameservers": ["10.0.0.53"]}}}""", "conf");
    static final List<String> COMMANDS = List.of("ADD", "DEL", "CHECK", "GC", "STATUS", "VERSION");

    /** Reads everything the SDK hands a plugin; ADD answers with the prevResult when there is one. */
    static final class Reader implements Plugin {
        @Override
        public Result add(Request r) {
            r.runtimeConfig();
            r.args().get("IP");
            return r.prevResult().orElse(Result.empty(CniVersion.CURRENT));
        }

        @Override
        public void del(Request r) {
            r.prevResult();
        }

        @Override
        public void check(Request r) {
            r.prevResult();
        }

        @Override
        public void gc(GcRequest r) {
            r.validAttachments();
        }

        @Override
        public void status(StatusRequest r) {
        }
    }

    static Map<String, String> env(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "c1");
        env.put("CNI_NETNS", "/run/netns/c1");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web");
        env.put("CNI_PATH", "/opt/cni/bin");
        return env;
    }

    /** Runs one call; asserts the contract and returns the outcome for the statistics. */
    static String run(Plugin plugin, Map<String, String> env, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Dispatcher(plugin).run(env, stdin, out, new ByteArrayOutputStream());
        String text = out.toString(StandardCharsets.UTF_8);
        if (exit == 0) {
            return "ok";
        }
        assertThat(exit).as(text).isEqualTo(1);
        JsonNode err = Json.mapper().readTree(text);
        assertThat(err.isObject()).as(text).isTrue();
        assertThat(err.path("code").asInt()).as(text).isPositive().isNotEqualTo(999);
        assertThat(text.strip()).isEqualTo(Json.compact(err));
        return "code " + err.path("code").asInt();
    }

    @Provide
    Arbitrary<ObjectNode> configs() {
        return JsonFuzz.mutationsOf(CONF);
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of(COMMANDS);
    }

    /** The default environment with some variables dropped or replaced by arbitrary strings. */
    @Provide
    Arbitrary<Map<String, String>> envs() {
        Arbitrary<String> name = Arbitraries.of("CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS",
                "CNI_PATH");
        Arbitrary<Optional<String>> value = Arbitraries.oneOf(JsonFuzz.strings().map(Optional::of),
                Arbitraries.of(COMMANDS).map(Optional::of), Arbitraries.just(Optional.empty()));
        return Combinators.combine(Arbitraries.of(COMMANDS), Combinators.combine(name, value).as(Map::entry)
                .list().ofMaxSize(4)).as((command, changes) -> {
                    Map<String, String> env = env(command);
                    changes.forEach(c -> c.getValue().ifPresentOrElse(v -> env.put(c.getKey(), v),
                            () -> env.remove(c.getKey())));
                    return env;
                });
    }

    @Property(tries = 2000)
    void mutatedConfigurationsNeverGiveCode999(@ForAll("configs") ObjectNode conf, @ForAll("commands") String command) {
        JsonFuzz.count(run(new Reader(), env(command), Json.bytes(conf)));
    }

    @Property(tries = 1000)
    void arbitraryEnvironmentsNeverGiveCode999(@ForAll("envs") Map<String, String> env) {
        JsonFuzz.count(run(new Reader(), env, Json.bytes(CONF)));
    }

    /**
     * The sample jqwik found (CI, 2026-12-02): ED BF BF, a UTF-16 surrogate encoded as if it were a
     * character. The parser quotes it in its message as a lone surrogate; the error JSON must still
     * read back to itself.
     */
    @org.junit.jupiter.api.Test
    void anEncodedSurrogateOnStdinGivesAWellFormedError() {
        for (byte[] stdin : List.of(new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
                new byte[] {' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '{'})) {
            assertThat(run(new Reader(), env("ADD"), stdin)).isEqualTo("code 6");
        }
    }

    @Property(tries = 500)
    void arbitraryStdinNeverGivesCode999(@ForAll byte[] stdin, @ForAll("commands") String command) {
        JsonFuzz.count(run(new Reader(), env(command), stdin));
    }
}
