package dev.weft.runtime.conf;

import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.config.PluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String conflist(String name, String... types) {
        StringBuilder plugins = new StringBuilder();
        for (String t : types) {
            plugins.append(plugins.isEmpty() ? "" : ",").append("{\"type\": \"").append(t).append("\"}");
        }
        return "{\"cniVersion\": \"1.0.0\", \"name\": \"" + name + "\", \"plugins\": [" + plugins + "]}";
    }

    @Test
    void filesAreSortedAcrossExtensionsAndOthersIgnored() throws IOException {
        write("20-b.conf", "{}");
        write("10-z.json", "{}");
        write("10-a.conflist", "{}");
        write("05-x.conflist.bak", "{}");
        write("99-readme.txt", "{}");
        Files.createDirectories(dir.resolve("00-dir.conf"));
        assertThat(new ConfigLoader(dir).files()).extracting(p -> p.getFileName().toString())
                .containsExactly("10-a.conflist", "10-z.json", "20-b.conf");
    }

    @Test
    void missingDirectoryHasNoFiles() {
        assertThat(new ConfigLoader(dir.resolve("absent")).files()).isEmpty();
        assertThat(new ConfigLoader(dir.resolve("absent")).loadAll()).isEmpty();
    }

    @Test
    void loadFindsTheNamedNetworkAndTheFirstFileWins() throws IOException {
        write("10-alpha.conflist", conflist("alpha", "bridge", "portmap"));
        write("20-beta.json", conflist("beta", "macvlan"));
        write("30-alpha.conflist", conflist("alpha", "ipvlan"));
        ConfigLoader loader = new ConfigLoader(dir);
        NetworkConfigList alpha = loader.load("alpha");
        assertThat(alpha.plugins()).extracting(PluginConfig::type).containsExactly("bridge", "portmap");
        NetworkConfigList beta = loader.load("beta");
        assertThat(beta.plugins()).extracting(PluginConfig::type).containsExactly("macvlan");
        assertThat(loader.loadAll()).extracting(NetworkConfigList::name).containsExactly("alpha", "beta", "alpha");
    }

    @Test
    void singleConfBecomesAOnePluginList() throws IOException {
        write("10-single.conf", """
                {"cniVersion": "0.4.0", "name": "single", "type": "bridge", "bridge": "cni0",
                 "ipam": {"type": "host-local", "subnet": "10.5.0.0/16"}}""");
        NetworkConfigList l = new ConfigLoader(dir).load("single");
        assertThat(l.name()).isEqualTo("single");
        assertThat(l.cniVersion()).isEqualTo(CniVersion.V0_4_0);
        assertThat(l.plugins()).hasSize(1);
        PluginConfig p = l.plugins().getFirst();
        assertThat(p.type()).isEqualTo("bridge");
        assertThat(p.ipamType()).contains("host-local");
        assertThat(p.raw().path("bridge").asString()).isEqualTo("cni0");
        assertThat(l.raw().path("plugins").size()).isEqualTo(1);
    }

    @Test
    void unknownNameIsCode7ListingUnparseableFiles() throws IOException {
        write("10-ok.conflist", conflist("ok", "bridge"));
        write("20-broken.conflist", "{\"name\": ");
        write("30-noversion.conf", "{\"name\": \"x\", \"type\": \"bridge\"}");
        assertThatThrownBy(() -> new ConfigLoader(dir).load("wanted"))
                .isInstanceOfSatisfying(CniException.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.msg()).contains("\"wanted\"").contains(dir.toString())
                            .contains("20-broken.conflist").contains("30-noversion.conf")
                            .doesNotContain("10-ok.conflist");
                });
    }

    @Test
    void brokenFileThatNamesTheNetworkGivesItsOwnError() throws IOException {
        write("10-wanted.conflist", "{\"name\": \"wanted\", \"cniVersion\": \"9.9.9\", \"plugins\": [{\"type\": \"x\"}]}");
        assertThatThrownBy(() -> new ConfigLoader(dir).load("wanted"))
                .isInstanceOfSatisfying(CniException.class, e -> {
                    assertThat(e.code()).isEqualTo(1);
                    assertThat(e.msg()).contains("10-wanted.conflist").contains("9.9.9");
                });
    }

    @Test
    void pluginsFromTheNetworkDirectoryAreAppendedInOrder() throws IOException {
        write("10-net.conflist", conflist("net", "bridge"));
        write("net/20-tuning.conf", "{\"type\": \"tuning\"}");
        write("net/10-portmap.conf", "{\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}");
        write("net/30-ignored.json", "{\"type\": \"ignored\"}");
        NetworkConfigList l = new ConfigLoader(dir).load("net");
        assertThat(l.plugins()).extracting(PluginConfig::type).containsExactly("bridge", "portmap", "tuning");
        assertThat(l.plugins().get(1).hasCapability("portMappings")).isTrue();
        assertThat(l.raw().path("plugins").size()).isEqualTo(3);
        assertThat(l.raw().path("plugins").path(2).path("type").asString()).isEqualTo("tuning");
    }

    @Test
    void loadOnlyInlinedPluginsIgnoresTheDirectory() throws IOException {
        write("10-net.conflist", """
                {"cniVersion": "1.1.0", "name": "net", "loadOnlyInlinedPlugins": true, "plugins": [{"type": "bridge"}]}""");
        write("net/10-portmap.conf", "{\"type\": \"portmap\"}");
        assertThat(new ConfigLoader(dir).load("net").plugins()).extracting(PluginConfig::type)
                .containsExactly("bridge");
    }

    @Test
    void listWithNoPluginsAnywhereIsCode7() throws IOException {
        write("10-empty.conflist", "{\"cniVersion\": \"1.1.0\", \"name\": \"empty\", \"plugins\": []}");
        assertThatThrownBy(() -> new ConfigLoader(dir).load("empty"))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(7));
        // ... but plugins in its directory make it usable
        write("empty/10-bridge.conf", "{\"type\": \"bridge\"}");
        assertThat(new ConfigLoader(dir).load("empty").plugins()).extracting(PluginConfig::type)
                .containsExactly("bridge");
    }
}
