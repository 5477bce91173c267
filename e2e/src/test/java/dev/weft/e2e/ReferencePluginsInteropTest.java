package dev.weft.e2e;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Proc;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;
import dev.weft.cni.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft's runtime driving the reference Go plugins (Debian's containernetworking-plugins in
 * /usr/lib/cni) through bridge + host-local + portmap + tuning. The runtime runs inside a
 * throwaway "host" namespace so the bridge and the portmap rules live there, never in the root
 * namespace.
 *
 * <p>The reference portmap of Debian 12 (plugins 1.1.1) cannot pass CHECK while port mappings are
 * set: it looks for its IPv4 rules in the IPv6 chain (containernetworking/plugins#819, fixed
 * upstream later). CHECK is therefore asserted twice: with the mappings it must fail with the
 * plugin's own message (so weft did pass the capability), without them the chain must pass.
 */
@RequiresRoot
class ReferencePluginsInteropTest {
    private static final Path REFERENCE = Path.of("/usr/lib/cni");

    @TempDir
    Path tmp;
    private final Netns netns = new Netns();
    private String host;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(REFERENCE.resolve("bridge")).as("reference plugins: apt-get install containernetworking-plugins")
                .isExecutable();
        host = netns.create("wt-refhost");
        Path confDir = Files.createDirectories(tmp.resolve("net.d"));
        Files.writeString(confDir.resolve("10-refnet.conflist"), """
                {
                  "cniVersion": "1.0.0",
                  "name": "refnet",
                  "plugins": [
                    {"type": "bridge", "bridge": "wtref0", "isGateway": true, "ipMasq": false,
                     "ipam": {"type": "host-local", "dataDir": "%s",
                              "ranges": [[{"subnet": "10.99.0.0/24"}], [{"subnet": "fd99::/64"}]],
                              "routes": [{"dst": "0.0.0.0/0"}, {"dst": "::/0"}]}},
                    {"type": "portmap", "capabilities": {"portMappings": true}},
                    {"type": "tuning", "sysctl": {"net.core.somaxconn": "512"}}
                  ]
                }
                """.formatted(tmp.resolve("ipam")));
        env = Map.of("NETCONFPATH", confDir.toString(), "CNI_PATH", REFERENCE.toString(),
                "CAP_ARGS", "{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}");
    }

    @AfterEach
    void tearDown() {
        netns.close();
    }

    private Proc.Result weft(String... args) {
        return weftWith(env, args);
    }

    private Proc.Result weftWith(Map<String, String> environment, String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--cache-dir", tmp.resolve("cache").toString()))
                .toArray(String[]::new);
        return WeftCli.run(host, environment, all);
    }

    @Test
    void addCheckDelThroughReferenceChain() throws IOException {
        String ctr = netns.create("wt-refctr");

        Proc.Result add = weft("cni", "add", "refnet", ctr);
        assertThat(add.exit()).as(add.err()).isZero();
        JsonNode result = Json.mapper().readTree(add.out());
        assertThat(result.path("cniVersion").asString()).isEqualTo("1.0.0");
        String address = result.path("ips").path(0).path("address").asString();
        assertThat(address).startsWith("10.99.0.").endsWith("/24");
        assertThat(result.path("ips").path(0).path("gateway").asString()).isEqualTo("10.99.0.1");
        assertThat(result.path("ips").path(1).path("address").asString()).startsWith("fd99::").endsWith("/64");
        JsonNode eth0 = result.path("interfaces").path(result.path("ips").path(0).path("interface").asInt());
        assertThat(eth0.path("name").asString()).isEqualTo("eth0");
        assertThat(eth0.path("sandbox").asString()).isEqualTo("/run/netns/" + ctr);

        // The address is really there, the gateway answers, and the chained tuning plugin ran.
        assertThat(Proc.run(List.of("ip", "-n", ctr, "-o", "addr", "show", "dev", "eth0")).out())
                .contains(address);
        Proc.Result ping = Proc.inNetns(ctr, "ping", "-c", "1", "-W", "2", "10.99.0.1");
        assertThat(ping.exit()).as(ping.out() + ping.err()).isZero();
        assertThat(Proc.inNetns(ctr, "cat", "/proc/sys/net/core/somaxconn").out().strip()).isEqualTo("512");
        assertThat(Proc.inNetns(host, "iptables-save", "-t", "nat").out()).contains("--dport 8080");

        Path cacheFile = tmp.resolve("cache/results").resolve("refnet-" + containerIdFor(ctr) + "-eth0");
        assertThat(cacheFile).exists();
        ObjectNode cached = Json.parseObject(Files.readAllBytes(cacheFile), "cache");
        assertThat(cached.path("kind").asString()).isEqualTo("cniCacheV1");
        assertThat(cached.path("result").path("ips").path(0).path("address").asString()).isEqualTo(address);

        Proc.Result checkWithPorts = weft("cni", "check", "refnet", ctr);
        assertThat(checkWithPorts.exit()).isEqualTo(1);
        assertThat(checkWithPorts.err()).contains("plugin \"portmap\" (CHECK)").contains("dnat");
        Map<String, String> noPorts = new java.util.HashMap<>(env);
        noPorts.remove("CAP_ARGS");
        Proc.Result check = weftWith(noPorts, "cni", "check", "refnet", ctr);
        assertThat(check.exit()).as(check.err()).isZero();

        Proc.Result del = weft("cni", "del", "refnet", ctr);
        assertThat(del.exit()).as(del.err()).isZero();
        assertThat(Proc.run(List.of("ip", "-n", ctr, "link", "show", "eth0")).exit()).isNotZero();
        assertThat(cacheFile).doesNotExist();
        assertThat(allocations()).isEmpty();
        assertThat(Proc.inNetns(host, "iptables-save", "-t", "nat").out()).doesNotContain("--dport 8080");

        Proc.Result again = weft("cni", "del", "refnet", ctr);
        assertThat(again.exit()).as("DEL is idempotent: " + again.err()).isZero();
    }

    @Test
    void gcWithNoValidAttachmentsCleansWhatIsLeft() throws IOException {
        String a = netns.create("wt-refgca");
        String b = netns.create("wt-refgcb");
        assertThat(weft("cni", "add", "refnet", a).exit()).isZero();
        assertThat(weft("cni", "add", "refnet", b).exit()).isZero();
        assertThat(allocations()).hasSize(4);

        Proc.Result gc = weft("cni", "gc", "refnet");
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(allocations()).isEmpty();
        assertThat(tmp.resolve("cache/results")).isEmptyDirectory();
        assertThat(Proc.run(List.of("ip", "-n", a, "link", "show", "eth0")).exit()).isNotZero();
        assertThat(Proc.run(List.of("ip", "-n", b, "link", "show", "eth0")).exit()).isNotZero();
    }

    @Test
    void gcKeepsValidAttachments() throws IOException {
        String keep = netns.create("wt-refkeep");
        String drop = netns.create("wt-refdrop");
        assertThat(weft("cni", "add", "refnet", keep).exit()).isZero();
        assertThat(weft("cni", "add", "refnet", drop).exit()).isZero();

        Proc.Result gc = weft("cni", "gc", "refnet", "--valid", containerIdFor(keep) + "/eth0");
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(allocations()).hasSize(2);
        assertThat(Proc.run(List.of("ip", "-n", keep, "link", "show", "eth0")).exit()).isZero();
        assertThat(Proc.run(List.of("ip", "-n", drop, "link", "show", "eth0")).exit()).isNotZero();
    }

    @Test
    void versionReportsReferenceSupport() throws IOException {
        Proc.Result v = weft("cni", "version", "refnet");
        assertThat(v.exit()).as(v.err()).isZero();
        JsonNode out = Json.mapper().readTree(v.out());
        assertThat(out.path("plugins").path("bridge").path("supportedVersions").toString()).contains("1.0.0");
        assertThat(out.path("capabilities").toString()).contains("portMappings");
    }

    @Test
    void referenceBridgeDelegatesToWeftHostLocal() throws IOException {
        Path bin = dev.weft.e2e.testing.PluginLaunchers.write(tmp.resolve("bin"));
        Path confDir = Files.createDirectories(tmp.resolve("mixed.d"));
        Files.writeString(confDir.resolve("10-mixed.conflist"), """
                {"cniVersion": "1.1.0", "cniVersions": ["1.0.0"], "name": "mixed", "plugins": [
                  {"type": "bridge", "bridge": "wtmix0", "isGateway": true,
                   "ipam": {"type": "weft-host-local", "dataDir": "%s",
                            "ranges": [[{"subnet": "10.98.0.0/24"}], [{"subnet": "fd98::/64"}]]}}]}
                """.formatted(tmp.resolve("ipam")));
        Map<String, String> mixed = Map.of("NETCONFPATH", confDir.toString(), "CNI_PATH", REFERENCE + ":" + bin);
        String ctr = netns.create("wt-mixctr");

        Proc.Result add = weftWith(mixed, "cni", "add", "mixed", ctr);
        assertThat(add.exit()).as(add.err()).isZero();
        JsonNode result = Json.mapper().readTree(add.out());
        assertThat(result.path("ips").path(0).path("address").asString()).isEqualTo("10.98.0.2/24");
        assertThat(result.path("ips").path(1).path("address").asString()).isEqualTo("fd98::2/64");
        assertThat(Files.readString(tmp.resolve("ipam/mixed/10.98.0.2"))).startsWith("cnitool-");
        assertThat(weftWith(mixed, "cni", "check", "mixed", ctr).exit()).isZero();
        assertThat(weftWith(mixed, "cni", "del", "mixed", ctr).exit()).isZero();
        assertThat(tmp.resolve("ipam/mixed/10.98.0.2")).doesNotExist();
    }

    private static String containerIdFor(String netnsName) {
        return dev.weft.cli.cni.CniOptions.cnitoolContainerId("/run/netns/" + netnsName);
    }

    /** host-local's allocation files: one per IP, named by the address. */
    private List<Path> allocations() throws IOException {
        Path dir = tmp.resolve("ipam/refnet");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("10\\.99\\..*|fd99:.*")).toList();
        }
    }
}
