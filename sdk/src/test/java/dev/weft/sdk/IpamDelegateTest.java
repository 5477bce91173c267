package dev.weft.sdk;

import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import dev.weft.invoke.FakeExec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A delegating plugin run through the Dispatcher, its IPAM plugin a fake. */
class IpamDelegateTest {
    static final String CONFIG = """
            {"cniVersion": "1.1.0", "name": "mynet", "type": "bridge", "bridge": "cni0",
             "ipam": {"type": "fake-ipam", "subnet": "10.22.0.0/16"},
             "runtimeConfig": {"ips": ["10.22.0.9/16"]},
             "cni.dev/valid-attachments": [{"containerID": "c1", "ifname": "eth0"}]}""";

    final FakeExec exec = new FakeExec().register("fake-ipam", call -> switch (call.command()) {
        case "ADD" -> "{\"cniVersion\": \"1.1.0\", \"ips\": [{\"address\": \"10.22.0.9/16\", \"gateway\": \"10.22.0.1\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        default -> new byte[0];
    });
    final IpamDelegate ipam = new IpamDelegate(exec);

    /** A bridge-like plugin that hands every call to its IPAM plugin. */
    final Plugin delegating = new Plugin() {
        @Override
        public Result add(Request request) {
            return ipam.add(request.config().path("ipam").path("type").asString(), request);
        }

        @Override
        public void del(Request request) {
            ipam.del("fake-ipam", request);
        }

        @Override
        public void check(Request request) {
            ipam.check("fake-ipam", request);
        }

        @Override
        public void gc(GcRequest request) {
            ipam.gc("fake-ipam", request);
        }

        @Override
        public void status(StatusRequest request) {
            ipam.status("fake-ipam", request);
        }
    };

    static Map<String, String> env(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "c1");
        env.put("CNI_NETNS", "/run/netns/c1");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1");
        env.put("CNI_PATH", "/opt/cni/bin:/opt/more");
        return env;
    }

    int run(Map<String, String> env, ByteArrayOutputStream out) {
        return new Dispatcher(delegating).run(env, CONFIG.getBytes(StandardCharsets.UTF_8), out,
                new ByteArrayOutputStream());
    }

    @Test
    void perAttachmentCallsForwardStdinAndEnvironment() {
        for (String command : List.of("ADD", "CHECK", "DEL")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(run(env(command), out)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }
        List<FakeExec.Call> calls = exec.calls();
        assertThat(calls).extracting(FakeExec.Call::command).containsExactly("ADD", "CHECK", "DEL");
        for (FakeExec.Call c : calls) {
            assertThat(c.type()).isEqualTo("fake-ipam");
            assertThat(Json.parseObject(c.stdin(), "stdin")).isEqualTo(Json.parseObject(CONFIG, "config"));
            Map<String, String> expected = env(c.command());
            assertThat(c.env()).isEqualTo(expected);
        }
    }

    @Test
    void addReturnsTheIpamResult() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(env("ADD"), out)).isZero();
        Result r = ResultCodec.decode(out.toByteArray());
        assertThat(r.ips().getFirst().address().toString()).isEqualTo("10.22.0.9/16");
        assertThat(r.ips().getFirst().gateway().toString()).isEqualTo("10.22.0.1");
    }

    @Test
    void delWithoutNetnsForwardsAnEmptyNetns() {
        Map<String, String> env = env("DEL");
        env.remove("CNI_NETNS");
        assertThat(run(env, new ByteArrayOutputStream())).isZero();
        assertThat(exec.calls().getFirst().env()).containsEntry("CNI_NETNS", "").containsEntry("CNI_COMMAND", "DEL");
    }

    @Test
    void gcAndStatusForwardConfigAndPath() {
        Map<String, String> env = Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/opt/cni/bin");
        assertThat(run(env, new ByteArrayOutputStream())).isZero();
        assertThat(run(Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", "/opt/cni/bin"), new ByteArrayOutputStream()))
                .isZero();
        List<FakeExec.Call> calls = exec.calls();
        assertThat(calls).extracting(FakeExec.Call::command).containsExactly("GC", "STATUS");
        for (FakeExec.Call c : calls) {
            assertThat(Json.parseObject(c.stdin(), "stdin")).isEqualTo(Json.parseObject(CONFIG, "config"));
            assertThat(c.env()).isEqualTo(Map.of("CNI_COMMAND", c.command(), "CNI_CONTAINERID", "", "CNI_NETNS", "",
                    "CNI_IFNAME", "", "CNI_ARGS", "", "CNI_PATH", "/opt/cni/bin"));
        }
    }

    @Test
    void ipamErrorsReachTheCallerWithTheirCode() {
        exec.register("fake-ipam", call -> {
            throw new CniException(dev.weft.cni.CniErrorCode.TRY_AGAIN_LATER, "pool exhausted");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(env("ADD"), out)).isEqualTo(1);
        var err = Json.parseObject(out.toByteArray(), "error");
        assertThat(err.path("code").asInt()).isEqualTo(11);
        assertThat(err.path("msg").asString()).contains("fake-ipam").contains("pool exhausted");
    }

    @Test
    void missingIpamPluginIsCode50() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = env("ADD");
        Plugin other = new Plugin() {
            @Override
            public Result add(Request request) {
                return ipam.add("not-there", request);
            }

            @Override
            public void del(Request request) {
            }

            @Override
            public void check(Request request) {
            }
        };
        int exit = new Dispatcher(other).run(env, CONFIG.getBytes(StandardCharsets.UTF_8), out, new ByteArrayOutputStream());
        assertThat(exit).isEqualTo(1);
        var err = Json.parseObject(out.toByteArray(), "error");
        assertThat(err.path("code").asInt()).isEqualTo(50);
        assertThat(err.path("msg").asString()).contains("not-there").contains("/opt/more");
    }
}
