package dev.weft.node.install;

import dev.weft.node.plugins.PluginCatalog;
import dev.weft.testkit.Jvm;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM path as installed: launchers that run one plugin per JVM, with weft delegates in that JVM. */
class InstallerTest {
    @TempDir
    Path tmp;

    private static Proc.Result run(List<String> cmd, Map<String, String> env, String stdin) {
        return Proc.run(cmd, env, stdin.getBytes(StandardCharsets.UTF_8), Proc.DEFAULT_TIMEOUT);
    }

    private Path install() {
        Path bin = tmp.resolve("bin");
        new Installer(Path.of(System.getProperty("java.home"))).installPlugins(bin, Jvm.classpath(),
                Optional.empty(), Optional.empty());
        return bin;
    }

    @Test
    void everyPluginGetsALauncherNamingItsPlugin() throws Exception {
        Path bin = install();
        for (String name : PluginCatalog.executables().keySet()) {
            assertThat(bin.resolve(name)).isExecutable();
            assertThat(Files.readString(bin.resolve(name))).contains("dev.weft.node.cni.PluginMain " + name + " \"$@\"");
        }
        Proc.Result version = run(List.of(bin.resolve("weft-host-local").toString()), Map.of("CNI_COMMAND", "VERSION"), "{}");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).contains("supportedVersions").contains("1.1.0");
    }

    @Test
    @RequiresRoot
    void theJvmPathRunsItsWeftDelegateInTheSameJvm() throws Exception {
        Path bin = install();
        Path emptyCniPath = Files.createDirectories(tmp.resolve("no-plugins-here"));
        try (Netns ns = new Netns()) {
            String host = ns.create("wtinst-host");
            String ctr = ns.create("wtinst-ctr");
            String conf = """
                    {"cniVersion": "1.1.0", "name": "inst", "type": "weft-bridge", "bridge": "wtib0", "isGateway": true,
                     "ipam": {"type": "weft-host-local", "ranges": [[{"subnet": "10.71.0.0/24"}]], "dataDir": "%s"}}
                    """.formatted(tmp.resolve("ipam"));
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host, bin.resolve("weft-bridge").toString()));
            Map<String, String> env = Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "inst1", "CNI_NETNS",
                    "/run/netns/" + ctr, "CNI_IFNAME", "eth0", "CNI_PATH", emptyCniPath.toString());
            // weft-host-local is on no CNI_PATH: only an in-process delegate can have answered
            Proc.Result add = run(cmd, env, conf);
            assertThat(add.exit()).as(add.out() + add.err()).isZero();
            assertThat(add.out()).contains("10.71.0.2/24");
            assertThat(Proc.inNetns(ctr, "ip", "-o", "addr", "show", "eth0").out()).contains("10.71.0.2/24");
            Map<String, String> del = new java.util.HashMap<>(env);
            del.put("CNI_COMMAND", "DEL");
            Proc.Result gone = run(cmd, del, conf);
            assertThat(gone.exit()).as(gone.out() + gone.err()).isZero();
            assertThat(Proc.inNetns(ctr, "ip", "-o", "link", "show", "eth0").exit()).isNotZero();
            assertThat(tmp.resolve("ipam/inst/10.71.0.2")).doesNotExist();
        }
    }

    @Test
    void anUnknownPluginNameIsAnInstallationErrorNotACniResult() throws Exception {
        String java = Jvm.java();
        Proc.Result r = run(List.of(java, "-cp", Jvm.classpath(), "dev.weft.node.cni.PluginMain", "no-such-plugin"),
                Map.of("CNI_COMMAND", "VERSION"), "{}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no-such-plugin");
    }
}
