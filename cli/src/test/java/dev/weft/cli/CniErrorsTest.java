package dev.weft.cli;

import dev.weft.testkit.Proc;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;
import dev.weft.cni.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each failure reaches the user of {@code weft cni} as exit status 1, a one-line reason on
 * stderr that names the cause, and the CNI error JSON with the right code. Plugins here are
 * shell scripts; no namespace is touched (the netns path is never opened by them).
 */
class CniErrorsTest {
    @TempDir
    Path tmp;
    private Path confDir;
    private Path bin;

    @BeforeEach
    void setUp() throws IOException {
        confDir = Files.createDirectories(tmp.resolve("net.d"));
        bin = Files.createDirectories(tmp.resolve("bin"));
    }

    private void plugin(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void network(String file, String json) throws IOException {
        Files.writeString(confDir.resolve(file), json);
    }

    private static String list(String version, String type) {
        return """
                {"cniVersion": "%s", "name": "net", "plugins": [{"type": "%s"}]}
                """.formatted(version, type);
    }

    private Proc.Result add(String... extra) {
        String[] args = new String[6 + extra.length];
        String[] base = {"cni", "add", "net", "/run/netns/none", "--cache-dir", tmp.resolve("cache").toString()};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return WeftCli.run(null, Map.of("NETCONFPATH", confDir.toString(), "CNI_PATH", bin.toString()), args);
    }

    /** The error JSON printed on the last stderr line. */
    private static JsonNode errorJson(Proc.Result p) throws IOException {
        String[] lines = p.err().strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void malformedConfigIsCode7NamingTheFile() throws IOException {
        network("10-net.conflist", "{\"cniVersion\": \"1.0.0\", \"name\": \"net\", \"plugins\": [");
        Proc.Result p = add();
        assertThat(p.exit()).isEqualTo(1);
        assertThat(p.out()).isEmpty();
        assertThat(errorJson(p).path("code").asInt()).isEqualTo(7);
        assertThat(p.err()).contains("10-net.conflist").contains("not valid JSON");
    }

    @Test
    void fieldErrorsNameTheField() throws IOException {
        network("10-net.conflist", "{\"cniVersion\": \"1.0.0\", \"name\": \"net\", \"plugins\": [{\"type\": 3}]}");
        Proc.Result p = add();
        assertThat(errorJson(p).path("code").asInt()).isEqualTo(7);
        assertThat(p.err()).contains("plugins[0].type");
    }

    @Test
    void unknownCniVersionIsCode1() throws IOException {
        network("10-net.conflist", list("7.7.7", "noop"));
        Proc.Result p = add();
        assertThat(p.exit()).isEqualTo(1);
        assertThat(errorJson(p).path("code").asInt()).isEqualTo(1);
        assertThat(p.err()).contains("7.7.7");
    }

    @Test
    void missingPluginIsCode50NamingThePath() throws IOException {
        network("10-net.conflist", list("1.0.0", "nosuchplugin"));
        Proc.Result p = add();
        assertThat(errorJson(p).path("code").asInt()).isEqualTo(50);
        assertThat(p.err()).contains("nosuchplugin").contains(bin.toString());
    }

    @Test
    void pluginCrashIsCode999WithItsStderr() throws IOException {
        plugin("crasher", "echo 'panic: runtime error: index out of range' >&2; kill -SEGV $$");
        network("10-net.conflist", list("1.0.0", "crasher"));
        Proc.Result p = add();
        JsonNode e = errorJson(p);
        assertThat(e.path("code").asInt()).isEqualTo(999);
        assertThat(e.path("msg").asString()).contains("crasher").contains("signal 11");
        assertThat(e.path("details").asString()).contains("panic: runtime error");
    }

    @Test
    void pluginErrorKeepsItsCode() throws IOException {
        plugin("picky", "cat >/dev/null; echo '{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"lease pending\"}'; exit 1");
        network("10-net.conflist", list("1.0.0", "picky"));
        Proc.Result p = add();
        JsonNode e = errorJson(p);
        assertThat(e.path("code").asInt()).isEqualTo(11);
        assertThat(e.path("msg").asString()).isEqualTo("plugin \"picky\" (ADD): lease pending");
    }

    @Test
    void pluginTimeoutIsCode5() throws IOException {
        plugin("sleeper", "exec sleep 30");
        network("10-net.conflist", list("1.0.0", "sleeper"));
        Proc.Result p = add("--timeout", "1");
        JsonNode e = errorJson(p);
        assertThat(e.path("code").asInt()).isEqualTo(5);
        assertThat(e.path("msg").asString()).contains("sleeper").contains("timed out after 1000 ms");
    }

    @Test
    void oversizedOutputIsCode5() throws IOException {
        plugin("chatty", "cat >/dev/null; head -c 6000000 /dev/zero | tr '\\\\0' x");
        network("10-net.conflist", list("1.0.0", "chatty"));
        Proc.Result p = add();
        JsonNode e = errorJson(p);
        assertThat(e.path("code").asInt()).isEqualTo(5);
        assertThat(e.path("msg").asString()).contains("chatty").contains("more than 4194304 bytes");
    }

    @Test
    void garbageResultIsCode6() throws IOException {
        plugin("garbage", "cat >/dev/null; echo 'not json'");
        network("10-net.conflist", list("1.0.0", "garbage"));
        Proc.Result p = add();
        assertThat(errorJson(p).path("code").asInt()).isEqualTo(6);
        assertThat(p.err()).contains("garbage");
    }
}
