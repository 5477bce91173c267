package dev.weft.cli.install;

import dev.weft.cli.testing.Netns;
import dev.weft.cli.testing.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JVM path as installed: launchers that run one plugin per JVM, with weft delegates in that JVM. */
class InstallerTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> cmd, Map<String, String> env, String stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        var err = new java.io.ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        drain.join();
        return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    private Path install() {
        Path bin = tmp.resolve("bin");
        new Installer(Path.of(System.getProperty("java.home"))).installPlugins(bin, WeftProcess.classpath(),
                Optional.empty(), Optional.empty());
        return bin;
    }

    @Test
    void everyPluginGetsALauncherNamingItsPlugin() throws Exception {
        Path bin = install();
        for (String name : PluginCatalog.plugins().keySet()) {
            assertThat(bin.resolve(name)).isExecutable();
            assertThat(Files.readString(bin.resolve(name))).contains("dev.weft.cli.fast.PluginMain " + name + " \"$@\"");
        }
        Run version = run(List.of(bin.resolve("weft-host-local").toString()), Map.of("CNI_COMMAND", "VERSION"), "{}");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).contains("supportedVersions").contains("1.1.0");
    }

    @Test
    void theJvmPathRunsItsWeftDelegateInTheSameJvm() throws Exception {
        assumeTrue(Netns.isRoot(), "needs root for network namespaces");
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
            Run add = run(cmd, env, conf);
            assertThat(add.exit()).as(add.out() + add.err()).isZero();
            assertThat(add.out()).contains("10.71.0.2/24");
            assertThat(Netns.exec(ctr, "ip", "-o", "addr", "show", "eth0").out()).contains("10.71.0.2/24");
            Map<String, String> del = new java.util.HashMap<>(env);
            del.put("CNI_COMMAND", "DEL");
            Run gone = run(cmd, del, conf);
            assertThat(gone.exit()).as(gone.out() + gone.err()).isZero();
            assertThat(Netns.exec(ctr, "ip", "-o", "link", "show", "eth0").exit()).isNotZero();
            assertThat(tmp.resolve("ipam/inst/10.71.0.2")).doesNotExist();
        }
    }

    @Test
    void anUnknownPluginNameIsAnInstallationErrorNotACniResult() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run r = run(List.of(java, "-cp", WeftProcess.classpath(), "dev.weft.cli.fast.PluginMain", "no-such-plugin"),
                Map.of("CNI_COMMAND", "VERSION"), "{}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no-such-plugin");
    }
}
