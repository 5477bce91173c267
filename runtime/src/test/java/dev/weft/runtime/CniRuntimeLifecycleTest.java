package dev.weft.runtime;

import dev.weft.cni.Attachment;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.result.ResultCodec;
import dev.weft.cni.CniArgs;
import dev.weft.invoke.FakeExec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.weft.runtime.Fakes.calls;
import static dev.weft.runtime.Fakes.json;
import static dev.weft.runtime.Fakes.stdin;
import static dev.weft.runtime.Fakes.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CHECK, GC, STATUS and validate() against fake plugins. */
class CniRuntimeLifecycleTest {
    @TempDir
    Path cache;

    final FakeExec exec = new FakeExec()
            .register("ptp", Fakes.plugin(conf -> json("""
                    {"cniVersion": "1.1.0", "interfaces": [{"name": "eth0", "sandbox": "/run/netns/x"}],
                     "ips": [{"address": "10.9.0.2/24", "interface": 0}]}""")))
            .register("portmap", Fakes.passThrough());

    CniRuntime runtime;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        runtime = new CniRuntime(exec, List.of(Path.of("/opt/cni/bin")), cache);
    }

    static NetworkConfigList list(String version, String extra) {
        return Fakes.list("""
                {"cniVersion": "%s", "name": "pods", %s "plugins": [{"type": "ptp"}, {"type": "portmap"}]}"""
                .formatted(version, extra));
    }

    static RuntimeConf rt(String cid, String ifName) {
        return new RuntimeConf(dev.weft.cni.ContainerId.of(cid), "/run/netns/" + cid,
                dev.weft.net.InterfaceName.of(ifName), CniArgs.parse("POD=" + cid), Map.of());
    }

    private static CniException thrown(Runnable r) {
        try {
            r.run();
        } catch (CniException e) {
            return e;
        }
        throw new AssertionError("expected a CniException");
    }

    // ---- CHECK

    @Test
    void checkPassesTheCachedResultToEveryPluginInOrder() {
        NetworkConfigList l = list("1.0.0", "");
        var added = runtime.add(l, rt("c1", "eth0"));
        runtime.check(l, rt("c1", "eth0"));
        List<FakeExec.Call> checks = calls(exec, "CHECK");
        assertThat(types(checks)).containsExactly("ptp", "portmap");
        for (FakeExec.Call c : checks) {
            assertThat(stdin(c).path("prevResult")).isEqualTo(ResultCodec.encode(added));
            assertThat(stdin(c).path("prevResult").path("cniVersion").asString()).isEqualTo("1.0.0");
            assertThat(c.env()).containsEntry("CNI_CONTAINERID", "c1").containsEntry("CNI_IFNAME", "eth0")
                    .containsEntry("CNI_NETNS", "/run/netns/c1").containsEntry("CNI_ARGS", "POD=c1");
        }
    }

    @Test
    void checkWithDisableCheckCallsNoPlugin() {
        NetworkConfigList l = list("1.0.0", "\"disableCheck\": true,");
        runtime.add(l, rt("c1", "eth0"));
        runtime.check(l, rt("c1", "eth0"));
        runtime.check(l, rt("never-added", "eth0"));
        assertThat(calls(exec, "CHECK")).isEmpty();
    }

    @Test
    void checkOf031ListIsIncompatibleVersion() {
        NetworkConfigList l = list("0.3.1", "");
        runtime.add(l, rt("c1", "eth0"));
        CniException e = thrown(() -> runtime.check(l, rt("c1", "eth0")));
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.msg()).contains("0.3.1");
        assertThat(calls(exec, "CHECK")).isEmpty();
    }

    @Test
    void checkWithoutCachedResultIsUnknownContainer() {
        CniException e = thrown(() -> runtime.check(list("1.1.0", ""), rt("c9", "eth0")));
        assertThat(e.code()).isEqualTo(3);
        assertThat(e.msg()).contains("c9");
        assertThat(calls(exec, "CHECK")).isEmpty();
    }

    // ---- GC

    @Test
    void gcDeletesStaleAttachmentsThenSendsGcWithTheValidSet() {
        NetworkConfigList l = list("1.1.0", "");
        NetworkConfigList other = Fakes.list("""
                {"cniVersion": "1.1.0", "name": "other", "plugins": [{"type": "ptp"}]}""");
        runtime.add(l, rt("keep", "eth0"));
        runtime.add(l, rt("stale", "eth1"));
        runtime.add(other, rt("stale", "eth0"));

        runtime.gc(l, Set.of(new Attachment("keep", "eth0"), new Attachment("elsewhere", "net1")));

        List<FakeExec.Call> dels = calls(exec, "DEL");
        assertThat(types(dels)).containsExactly("portmap", "ptp");
        for (FakeExec.Call c : dels) {
            assertThat(c.env()).containsEntry("CNI_CONTAINERID", "stale").containsEntry("CNI_IFNAME", "eth1")
                    .containsEntry("CNI_NETNS", "/run/netns/stale").containsEntry("CNI_ARGS", "POD=stale");
            assertThat(stdin(c).path("name").asString()).isEqualTo("pods");
            assertThat(stdin(c).path("prevResult").path("ips").path(0).path("address").asString())
                    .isEqualTo("10.9.0.2/24");
        }
        List<FakeExec.Call> gcs = calls(exec, "GC");
        assertThat(types(gcs)).containsExactly("ptp", "portmap");
        for (FakeExec.Call c : gcs) {
            ObjectNode in = stdin(c);
            assertThat(in.path("name").asString()).isEqualTo("pods");
            assertThat(in.path("cniVersion").asString()).isEqualTo("1.1.0");
            assertThat(in.path("cni.dev/valid-attachments")).isEqualTo(json("""
                    {"a": [{"containerID": "elsewhere", "ifname": "net1"}, {"containerID": "keep", "ifname": "eth0"}]}""")
                    .get("a"));
            assertThat(c.env()).containsEntry("CNI_COMMAND", "GC").containsEntry("CNI_PATH", "/opt/cni/bin")
                    .containsEntry("CNI_CONTAINERID", "").containsEntry("CNI_NETNS", "").containsEntry("CNI_IFNAME", "");
        }
        assertThat(cache.resolve("results/pods-keep-eth0")).exists();
        assertThat(cache.resolve("results/pods-stale-eth1")).doesNotExist();
        assertThat(cache.resolve("results/other-stale-eth0")).exists();
    }

    @Test
    void gcOf100ListDeletesStaleButSendsNoGc() {
        NetworkConfigList l = list("1.0.0", "");
        runtime.add(l, rt("stale", "eth0"));
        runtime.gc(l, Set.of());
        assertThat(types(calls(exec, "DEL"))).containsExactly("portmap", "ptp");
        assertThat(calls(exec, "GC")).isEmpty();
        assertThat(runtime.cachedAttachments("pods")).isEmpty();
    }

    @Test
    void gcWithDisableGcDoesNothing() {
        NetworkConfigList l = list("1.1.0", "\"disableGC\": true,");
        runtime.add(l, rt("stale", "eth0"));
        int before = exec.calls().size();
        runtime.gc(l, Set.of());
        assertThat(exec.calls()).hasSize(before);
        assertThat(cache.resolve("results/pods-stale-eth0")).exists();
    }

    @Test
    void gcReportsErrorsFromEveryPlugin() {
        exec.register("ptp", call -> {
            throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "ptp gc failed");
        });
        exec.register("portmap", call -> {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "portmap gc failed");
        });
        CniException e = thrown(() -> runtime.gc(list("1.1.0", ""), Set.of()));
        // both plugins were asked despite the first failing
        assertThat(types(calls(exec, "GC"))).containsExactly("ptp", "portmap");
        assertThat(e.code()).isEqualTo(11);
        assertThat(e.msg()).contains("ptp gc failed").contains("1 more");
        Throwable first = e.getCause() instanceof CniException c && c.msg().contains("ptp gc failed") ? c : e;
        assertThat(first.getSuppressed()).hasSize(1);
        assertThat(((CniException) first.getSuppressed()[0]).code()).isEqualTo(50);
        assertThat(first.getSuppressed()[0].getMessage()).contains("portmap gc failed");
    }

    @Test
    void gcKeepsGoingWhenAStaleDelFails() throws Exception {
        NetworkConfigList l = list("1.1.0", "");
        runtime.add(l, rt("a", "eth0"));
        runtime.add(l, rt("b", "eth0"));
        exec.register("portmap", call -> {
            if (call.command().equals("DEL") && call.env().get("CNI_CONTAINERID").equals("a")) {
                throw new CniException(CniErrorCode.IO_FAILURE, "cannot delete a");
            }
            return new byte[0];
        });
        CniException e = thrown(() -> runtime.gc(l, Set.of()));
        assertThat(e.code()).isEqualTo(5);
        assertThat(e.msg()).contains("cannot delete a");
        // b was still deleted and GC still sent
        assertThat(calls(exec, "DEL").stream().filter(c -> c.env().get("CNI_CONTAINERID").equals("b")).map(FakeExec.Call::type))
                .containsExactly("portmap", "ptp");
        assertThat(types(calls(exec, "GC"))).containsExactly("ptp", "portmap");
        assertThat(cache.resolve("results/pods-a-eth0")).exists();
        assertThat(cache.resolve("results/pods-b-eth0")).doesNotExist();
    }

    @Test
    void gcSurvivesACacheRecordWithAnInvalidInterfaceName() throws Exception {
        NetworkConfigList l = list("1.1.0", "");
        runtime.add(l, rt("good", "eth0"));
        // hand-edited record: the interface name is longer than the kernel allows
        Files.writeString(cache.resolve("results/pods-bad-interfacename-16"), """
                {"kind": "cniCacheV1", "containerId": "bad", "ifName": "interfacename-16", "networkName": "pods",
                 "config": "e30="}""");
        CniException e = thrown(() -> runtime.gc(l, Set.of()));
        assertThat(e.code()).isEqualTo(4);
        assertThat(e.msg()).contains("interfacename-16");
        // the valid stale attachment was still deleted and GC still sent
        assertThat(cache.resolve("results/pods-good-eth0")).doesNotExist();
        assertThat(types(calls(exec, "GC"))).containsExactly("ptp", "portmap");
    }

    // ---- STATUS

    @Test
    void statusOf110CallsEachPlugin() {
        runtime.status(list("1.1.0", ""));
        List<FakeExec.Call> st = calls(exec, "STATUS");
        assertThat(types(st)).containsExactly("ptp", "portmap");
        assertThat(stdin(st.getFirst()).path("name").asString()).isEqualTo("pods");
        assertThat(stdin(st.getFirst()).path("cniVersion").asString()).isEqualTo("1.1.0");
        assertThat(st.getFirst().env()).containsEntry("CNI_CONTAINERID", "").containsEntry("CNI_IFNAME", "")
                .containsEntry("CNI_NETNS", "");
    }

    @Test
    void statusOf100CallsNothing() {
        runtime.status(list("1.0.0", ""));
        assertThat(exec.calls()).isEmpty();
    }

    @Test
    void statusErrorKeepsThePluginsCode() {
        exec.register("portmap", call -> {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "iptables is missing");
        });
        CniException e = thrown(() -> runtime.status(list("1.1.0", "")));
        assertThat(e.code()).isEqualTo(50);
        assertThat(e.msg()).contains("portmap").contains("STATUS").contains("iptables is missing");
    }

    // ---- validate

    @Test
    void validateReturnsDeclaredCapabilities() {
        exec.register("host-local", Fakes.plugin(c -> json("{}")));
        NetworkConfigList l = Fakes.list("""
                {"cniVersion": "1.0.0", "name": "v", "plugins": [
                  {"type": "ptp", "capabilities": {"ips": true, "mac": false}, "ipam": {"type": "host-local"}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}]}""");
        assertThat(runtime.validate(l)).containsExactlyInAnyOrder("ips", "portMappings");
        assertThat(calls(exec, "VERSION").stream().map(FakeExec.Call::type))
                .containsExactlyInAnyOrder("ptp", "host-local", "portmap");
    }

    @Test
    void validateRejectsAPluginWithoutTheListVersion() {
        exec.register("portmap", Fakes.versioned(new VersionInfo("0.4.0", List.of("0.3.1", "0.4.0")), c -> c));
        CniException e = thrown(() -> runtime.validate(list("1.0.0", "")));
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.msg()).contains("\"portmap\"").contains("1.0.0");
    }

    @Test
    void validateChecksTheIpamPluginToo() {
        exec.register("old-ipam", Fakes.versioned(new VersionInfo("0.3.1", List.of("0.3.0", "0.3.1")), c -> c));
        NetworkConfigList l = Fakes.list("""
                {"cniVersion": "0.4.0", "name": "v", "plugins": [{"type": "ptp", "ipam": {"type": "old-ipam"}}]}""");
        CniException e = thrown(() -> runtime.validate(l));
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.msg()).contains("\"old-ipam\"").contains("0.4.0");
    }

    @Test
    void validateOfMissingPluginIsCode50() {
        NetworkConfigList l = Fakes.list("""
                {"cniVersion": "0.4.0", "name": "v", "plugins": [{"type": "nope"}]}""");
        assertThatThrownBy(() -> runtime.validate(l)).isInstanceOfSatisfying(CniException.class,
                e -> assertThat(e.code()).isEqualTo(50));
    }

    @Test
    void unreadableCacheRecordsAreSkippedWhenListing() throws Exception {
        NetworkConfigList l = list("1.1.0", "");
        runtime.add(l, rt("good", "eth0"));
        Files.writeString(cache.resolve("results/pods-bad-eth0"), "{not json");
        Files.writeString(cache.resolve("results/pods-wrongkind-eth0"), "{\"kind\": \"other\"}");
        assertThat(runtime.cachedAttachments("pods")).extracting(a -> a.containerId()).containsExactly("good");
    }
}
