package dev.weft.e2e;

import dev.weft.cni.json.Json;
import dev.weft.e2e.testing.PluginLaunchers;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft's meta plugins (weft-portmap, weft-bandwidth, weft-tuning, weft-firewall) in chains run by
 * weft's CNI runtime inside a throwaway host namespace, next to the reference Go plugins (Debian's
 * containernetworking-plugins in /usr/lib/cni) both ways: after weft-bridge, after the reference
 * bridge, the reference meta plugins after weft-bridge, and the two kinds interleaved. Each chain
 * is added, checked and deleted; what each plugin made is looked at in the kernel, and the DEL must
 * leave none of it.
 */
@RequiresRoot
class MetaPluginsInteropTest {
    private static final Path REFERENCE = Path.of("/usr/lib/cni");
    private static final String CAPS = """
            {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}],
             "bandwidth": {"ingressRate": 8000000, "ingressBurst": 400000, "egressRate": 16000000, "egressBurst": 400000}}""";

    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    private String host;
    private Path bin;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(REFERENCE.resolve("portmap")).as("apt-get install containernetworking-plugins").isExecutable();
        host = netns.create("wt-metahost");
        bin = PluginLaunchers.write(tmp.resolve("bin"));
    }

    private String bridge(boolean weft) {
        return """
                {"type": "%s", "bridge": "wtmeta0", "isGateway": true, "isDefaultGateway": true, "hairpinMode": true,
                 "ipam": {"type": "%s", "dataDir": "%s", "ranges": [[{"subnet": "10.97.0.0/24"}]]}}"""
                .formatted(weft ? "weft-bridge" : "bridge", weft ? "weft-host-local" : "host-local", tmp.resolve("ipam"));
    }

    private String meta(String type) {
        boolean weft = type.startsWith("weft-");
        return switch (type.replace("weft-", "")) {
            case "portmap" -> "{\"type\": \"" + type + "\", \"capabilities\": {\"portMappings\": true}}";
            case "bandwidth" -> "{\"type\": \"" + type + "\", \"capabilities\": {\"bandwidth\": true}}";
            case "tuning" -> "{\"type\": \"" + type + "\", \"sysctl\": {\"net.core.somaxconn\": \"555\"}, \"mtu\": 1400"
                    + (weft ? ", \"dataDir\": \"" + tmp.resolve("tuning") + "\"" : "") + "}";
            case "firewall" -> "{\"type\": \"" + type + "\"" + (weft ? "" : ", \"backend\": \"iptables\"") + "}";
            default -> throw new IllegalArgumentException(type);
        };
    }

    private Map<String, String> env(String name, String mainPlugin, List<String> metas) throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("net-" + name));
        String plugins = String.join(",\n", Stream.concat(Stream.of(mainPlugin), metas.stream().map(this::meta)).toList());
        Files.writeString(conf.resolve("10-" + name + ".conflist"),
                "{\"cniVersion\": \"1.0.0\", \"name\": \"" + name + "\", \"plugins\": [\n" + plugins + "]}");
        return Map.of("NETCONFPATH", conf.toString(), "CNI_PATH", bin + ":" + REFERENCE, "CAP_ARGS", CAPS);
    }

    private Proc.Result cni(Map<String, String> env, String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--cache-dir", tmp.resolve("cache").toString()))
                .toArray(String[]::new);
        return WeftCli.run(host, env, all);
    }

    /** ADD, look, CHECK (unless the reference portmap is in the chain: it cannot pass CHECK with mappings, #819), DEL, look. */
    private void chain(String name, boolean weftBridge, List<String> metas, boolean serveHttp) throws IOException {
        Map<String, String> env = env(name, bridge(weftBridge), metas);
        String ctr = netns.create("wt-metactr");
        Proc.Result add = cni(env, "cni", "add", name, ctr);
        assertThat(add.exit()).as(name + " ADD: " + add.err()).isZero();
        JsonNode result = Json.mapper().readTree(add.out());
        String address = result.path("ips").path(0).path("address").asString().replaceAll("/.*", "");
        String hostVeth = Stream.iterate(0, i -> i + 1).limit(result.path("interfaces").size())
                .map(i -> result.path("interfaces").path(i)).filter(i -> i.path("name").asString().startsWith("veth"))
                .findFirst().orElseThrow().path("name").asString();

        assertThat(Proc.inNetns(ctr, "cat", "/proc/sys/net/core/somaxconn").out().strip()).as(name + " tuning sysctl").isEqualTo("555");
        assertThat(Proc.run("ip", "-n", ctr, "link", "show", "eth0").out()).as(name + " tuning mtu").contains("mtu 1400");
        assertThat(Proc.inNetns(host, "tc", "qdisc", "show", "dev", hostVeth).out()).as(name + " bandwidth ingress")
                .contains("tbf").contains("rate 8Mbit");
        assertThat(Proc.inNetns(host, "tc", "filter", "show", "dev", hostVeth, "ingress").out()).as(name + " bandwidth egress")
                .contains("mirred");
        String nat = metas.contains("weft-portmap") ? Proc.inNetns(host, "nft", "list", "table", "ip", "weft_portmap").out()
                : Proc.inNetns(host, "iptables-save", "-t", "nat").out();
        assertThat(nat).as(name + " portmap").contains(address + ":80");
        if (metas.contains("weft-firewall")) {
            assertThat(Proc.inNetns(host, "nft", "list", "table", "inet", "weft_firewall").out()).contains("ip saddr " + address);
        } else {
            assertThat(Proc.inNetns(host, "iptables-save", "-t", "filter").out()).contains("-s " + address + "/32");
        }
        if (serveHttp) {
            Path www = Files.createDirectories(tmp.resolve("www-" + name));
            Files.writeString(www.resolve("index.html"), "via-" + name);
            try (Daemon httpd = Daemon.start("httpd", ctr, tmp.resolve("httpd-" + name + ".log"), "busybox", "httpd", "-f",
                    "-p", "80", "-h", www.toString())) {
                httpd.awaitReady(Duration.ofSeconds(10), () -> Proc.inNetns(ctr, "curl", "-s", "-m", "2",
                        "http://127.0.0.1/").out().equals("via-" + name));
                assertThat(Proc.inNetns(host, "curl", "-s", "-m", "3", "http://127.0.0.1:8080/").out())
                        .as(name + ": the host's localhost reaches the published port").isEqualTo("via-" + name);
                assertThat(Proc.inNetns(ctr, "curl", "-s", "-m", "3", "http://10.97.0.1:8080/").out())
                        .as(name + ": hairpin").isEqualTo("via-" + name);
            }
        }
        if (!metas.contains("portmap")) {
            Proc.Result check = cni(env, "cni", "check", name, ctr);
            assertThat(check.exit()).as(name + " CHECK: " + check.err()).isZero();
        }

        Proc.Result del = cni(env, "cni", "del", name, ctr);
        assertThat(del.exit()).as(name + " DEL: " + del.err()).isZero();
        String ruleset = Proc.inNetns(host, "nft", "list", "ruleset").out();
        // weft-portmap's tables stay (empty maps and base chains), as the reference's do
        assertThat(ruleset).as(name + " nothing of weft's meta plugins is left").doesNotContain(address + ":80")
                .doesNotContain("jump dnat_").doesNotContain("weft_firewall");
        assertThat(Proc.inNetns(host, "iptables-save", "-t", "nat").out()).doesNotContain(address + ":80");
        assertThat(Proc.run("ip", "-n", host, "-o", "link", "show", "type", "ifb").out()).as(name + " IFBs").isEmpty();
        assertThat(tmp.resolve("tuning")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.walk(p).filter(Files::isRegularFile)).isEmpty());
        assertThat(cni(env, "cni", "del", name, ctr).exit()).as(name + " DEL again").isZero();
    }

    @Test
    void weftMetaPluginsAfterWeftBridge() throws IOException {
        chain("weftall", true, List.of("weft-portmap", "weft-bandwidth", "weft-tuning", "weft-firewall"), true);
    }

    @Test
    void weftMetaPluginsAfterTheReferenceBridge() throws IOException {
        chain("refbridge", false, List.of("weft-portmap", "weft-bandwidth", "weft-tuning", "weft-firewall"), true);
    }

    @Test
    void referenceMetaPluginsAfterWeftBridge() throws IOException {
        chain("refmeta", true, List.of("portmap", "bandwidth", "tuning", "firewall"), false);
    }

    @Test
    void referenceAndWeftMetaPluginsInterleavedBothWays() throws IOException {
        chain("mixed1", true, List.of("weft-bandwidth", "tuning", "weft-firewall", "portmap"), false);
        chain("mixed2", false, List.of("bandwidth", "weft-tuning", "firewall", "weft-portmap"), true);
    }
}
