package dev.weft.e2e.lab;

import dev.weft.cri.CriClient;
import dev.weft.cri.PodSpec;
import dev.weft.cri.v1.PodSandboxState;
import dev.weft.bench.cri.Containerd;
import dev.weft.bench.cri.CriPodSetup;
import dev.weft.lab.LabInventory;
import dev.weft.lab.Topology;
import dev.weft.bench.cri.CniBinDir;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kubernetes' own path into weft: containerd's CRI plugin (driven over its gRPC API as the kubelet
 * drives it) runs pod sandboxes on two vxlan lab nodes, calling the {@code weft} conflist the
 * node's agent serves. One lab for the whole scenario family, to keep the suite lean.
 */
@RequiresRoot
class CriLabTest {
    @TempDir
    Path root;

    @Test
    void sandboxesThroughCri_getNodeSubnetIps_reachEachOther_holdPolicy_publishPorts_surviveARestart_andRemoveCleansUp()
            throws Exception {
        assertThat(Path.of("/usr/bin/containerd")).as("apt-get install containerd").exists();
        List<Containerd> runtimes = new ArrayList<>();
        List<String> sandboxNetns = new ArrayList<>();
        List<Process> servers = new ArrayList<>();
        try (TestLab t = new TestLab(root)) {
            try {
                t.up(2, "vxlan", Topology.L2, false);
                Map<String, Containerd> on = new LinkedHashMap<>();
                Map<String, String> linksBefore = new LinkedHashMap<>();
                for (String node : List.of("n1", "n2")) {
                    linksBefore.put(node, links(t, node));
                    Containerd c = containerdOn(t, node, root);
                    runtimes.add(c);
                    on.put(node, c);
                }
                var version = on.get("n1").cri().version();
                assertThat(version.getRuntimeName()).isEqualTo("containerd");
                assertThat(version.getRuntimeApiVersion()).as("containerd 1.6 serves CRI runtime.v1").isEqualTo("v1");

                // labels live in the datastore under namespace/name, as the API server has them before the kubelet acts
                LabInventory inventory = new LabInventory(t.layout, t.state());
                inventory.podMeta("x/web", Map.of("app", "web"), Map.of());
                inventory.podMeta("x/client", Map.of("role", "client"), Map.of());
                CriClient cri1 = on.get("n1").cri();
                CriClient cri2 = on.get("n2").cri();
                String web = cri1.runPodSandbox(PodSpec.of("x", "web").withPorts(List.of(new PodSpec.PortMapping(80, 18080)))
                        .withAnnotations(Map.of("kubernetes.io/ingress-bandwidth", "10M", "kubernetes.io/egress-bandwidth", "20M")),
                        on.get("n1").logDir());
                String other = cri2.runPodSandbox(PodSpec.of("y", "other"), on.get("n2").logDir());
                String client = cri2.runPodSandbox(PodSpec.of("x", "client"), on.get("n2").logDir());
                for (String id : List.of(web)) {
                    sandboxNetns.add(netnsName(cri1, id));
                }
                for (String id : List.of(other, client)) {
                    sandboxNetns.add(netnsName(cri2, id));
                }
                String ipWeb = cri1.podIp(web);
                String ipOther = cri2.podIp(other);
                String ipClient = cri2.podIp(client);
                assertThat(Cidr.parse(t.status("n1").subnet()).contains(IpAddress.parse(ipWeb))).as(ipWeb + " in n1's subnet").isTrue();
                assertThat(Cidr.parse(t.status("n2").subnet()).contains(IpAddress.parse(ipOther))).as(ipOther + " in n2's subnet").isTrue();
                assertThat(allocated(t, "n1")).as("PodSandboxStatus reports the address weft's IPAM gave").containsExactly(ipWeb);
                assertThat(allocated(t, "n2")).containsExactlyInAnyOrder(ipOther, ipClient);
                assertThat(ping(cri1, web, ipOther).exit()).as("web on n1 reaches other on n2 over vxlan").isZero();
                assertThat(ping(cri2, other, ipWeb).exit()).isZero();

                // the bandwidth annotations containerd passed as a capability: weft-bandwidth shaped both directions
                String qdiscs = Proc.inNetns(t.nodeNs("n1"), "tc", "qdisc", "show").out();
                assertThat(qdiscs).as("ingress (into the pod) shaped on its host veth").contains("rate 10Mbit");
                assertThat(qdiscs).as("egress (from the pod) shaped on the ifb its traffic is redirected to").contains("rate 20Mbit");

                // the port mapping containerd passed as a capability: the node's host port reaches the pod
                servers.add(httpd(cri1, web, root));
                String n1Ip = t.state().requireNode("n1").ip();
                assertThat(awaitHttp(() -> Proc.inNetns(t.nodeNs("n2"), "sh", "-c", get(n1Ip, 18080))))
                        .as("n1's host port 18080 from n2").startsWith("HTTP/1.");
                assertThat(Proc.run("sh", "-c", "nsenter -t " + pausePid(cri2, other) + " -n sh -c \"" + get(ipWeb, 80) + "\"").out())
                        .as("other reaches web before any policy").startsWith("HTTP/1.");

                // a policy selecting web by the namespace/name containerd passed in CNI_ARGS: only x/client may connect
                inventory.applyPolicy("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: web-from-client, namespace: x}
                        spec:
                          podSelector: {matchLabels: {app: web}}
                          ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]
                        """);
                long deadline = System.currentTimeMillis() + 30_000;
                while (fetch(cri2, other, ipWeb).startsWith("HTTP/1.") && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(fetch(cri2, other, ipWeb)).as("y/other is denied by the policy").doesNotStartWith("HTTP/1.");
                assertThat(fetch(cri2, client, ipWeb)).as("x/client is admitted by the policy").startsWith("HTTP/1.");

                // containerd killed and started again with every sandbox live: network kept, Remove still cleans up
                on.get("n1").stop();
                assertThat(ping(cri2, client, ipWeb).exit()).as("web keeps its network while n1's containerd is down").isZero();
                on.get("n1").start();
                cri1 = on.get("n1").cri();
                assertThat(cri1.status(web).getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
                assertThat(cri1.podIp(web)).isEqualTo(ipWeb);
                assertThat(fetch(cri2, client, ipWeb)).as("client reaches web after the restart").startsWith("HTTP/1.");
                assertThat(fetch(cri2, other, ipWeb)).as("the policy still holds after the restart").doesNotStartWith("HTTP/1.");

                servers.forEach(Process::destroyForcibly);
                for (var e : List.of(Map.entry(cri1, web), Map.entry(cri2, other), Map.entry(cri2, client))) {
                    e.getKey().stopPodSandbox(e.getValue());
                    e.getKey().removePodSandbox(e.getValue());
                }
                assertThat(cri1.list()).isEmpty();
                assertThat(cri2.list()).isEmpty();
                for (String node : List.of("n1", "n2")) {
                    assertThat(allocated(t, node)).as("Stop + Remove released the addresses on " + node).isEmpty();
                    assertThat(links(t, node)).as("no pod veth left on " + node).isEqualTo(linksBefore.get(node));
                    assertThat(Proc.inNetns(t.nodeNs(node), "tc", "qdisc", "show").out()).as("no shaping left on " + node)
                            .doesNotContain("tbf");
                    assertThat(TestLab.ipIn(t.nodeNs(node), "-o", "link", "show", "type", "ifb")).as("no ifb left on " + node).isBlank();
                    String routes = TestLab.ipIn(t.nodeNs(node), "route");
                    String nat = Proc.inNetns(t.nodeNs(node), "nft", "list", "ruleset").out();
                    for (String ip : List.of(ipWeb, ipOther, ipClient)) {
                        assertThat(routes).as("no route left on " + node).doesNotContain(ip + " ");
                        assertThat(nat).as("no port mapping rule left on " + node).doesNotContain(ip);
                    }
                }
            } finally { // containerd's CNI DELs need the lab's agents: end it before the lab
                servers.forEach(Process::destroyForcibly);
                runtimes.forEach(Containerd::close);
            }
        }
        for (String n : sandboxNetns) {
            assertThat(Path.of("/run/netns", n)).as("the sandbox's namespace is gone").doesNotExist();
        }
    }

    private static String get(String ip, int port) {
        return "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 2 " + ip + " " + port;
    }

    /** An HTTP GET of {@code ip}:80 from inside a sandbox; "" when refused or timed out. */
    static String fetch(CriClient cri, String sandbox, String ip) {
        return Proc.run("nsenter", "-t", Long.toString(pausePid(cri, sandbox)), "-n", "sh", "-c", get(ip, 80)).out();
    }

    private static String awaitHttp(java.util.function.Supplier<Proc.Result> call) throws InterruptedException {
        String out = "";
        for (int i = 0; i < 20 && !out.startsWith("HTTP/1."); i++) {
            out = call.get().out();
            if (!out.startsWith("HTTP/1.")) {
                Thread.sleep(250);
            }
        }
        return out;
    }

    /** busybox httpd serving a page on port 80 inside the sandbox's network namespace. */
    private static Process httpd(CriClient cri, String sandbox, Path root) throws IOException {
        Path www = Files.createDirectories(root.resolve("www"));
        Files.writeString(www.resolve("index.html"), "weft\n");
        return new ProcessBuilder("nsenter", "-t", Long.toString(pausePid(cri, sandbox)), "-n", "busybox", "httpd", "-f",
                "-p", "80", "-h", www.toString()).redirectErrorStream(true).redirectOutput(root.resolve("httpd.log").toFile())
                .start();
    }

    /**
     * containerd in {@code node}'s namespace, running weft's plugins from the lab's bin dir with
     * the conflist the lab wrote for the node's agent (at cniVersion 1.0.0, the highest containerd
     * 1.6's libcni knows), followed by weft-portmap and weft-bandwidth as a cluster with host ports
     * and bandwidth annotations would chain them.
     */
    static Containerd containerdOn(TestLab t, String node, Path root) throws IOException {
        Path nodeDir = t.layout.nodeDir(node);
        Path dir = Files.createDirectories(root.resolve("cri-" + node));
        Path conf = CriPodSetup.weftConf(nodeDir, dir.resolve("net.d"));
        // weft's meta plugins after the weft plugin: containerd passes portMappings and bandwidth as capabilities
        String conflist = Files.readString(conf.resolve("10-weft.conflist"));
        int end = conflist.lastIndexOf(']');
        conflist = conflist.substring(0, end) + ", {\"type\": \"weft-portmap\", \"capabilities\": {\"portMappings\": true}}"
                + ", {\"type\": \"weft-bandwidth\", \"capabilities\": {\"bandwidth\": true}}" + conflist.substring(end);
        Files.writeString(conf.resolve("10-weft.conflist"), conflist);
        return new Containerd(dir.resolve("containerd"), t.nodeNs(node), CniBinDir.of(t.layout.dir().resolve("bin"),
                dir.resolve("bin")), conf, Map.of("WEFT_CNI_SOCKET", nodeDir.resolve("cni.sock").toString()));
    }

    /** Pings {@code ip} from inside the sandbox's network namespace (entered through its pause process). */
    static Proc.Result ping(CriClient cri, String sandbox, String ip) {
        return Proc.run("nsenter", "-t", Long.toString(pausePid(cri, sandbox)), "-n", "ping", "-c", "2", "-W", "2", ip);
    }

    static long pausePid(CriClient cri, String sandbox) {
        String info = cri.statusVerbose(sandbox).getOrDefault("info", "");
        Matcher m = Pattern.compile("\"pid\":\\s*(\\d+)").matcher(info);
        assertThat(m.find()).as("pid in the sandbox's verbose status: " + info).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The name of the namespace containerd made for the sandbox (under /run/netns). */
    static String netnsName(CriClient cri, String sandbox) {
        String info = cri.statusVerbose(sandbox).getOrDefault("info", "");
        Matcher m = Pattern.compile("/run/netns/(cni-[0-9a-f-]+)").matcher(info);
        assertThat(m.find()).as("netns path in the sandbox's verbose status: " + info).isTrue();
        return m.group(1);
    }

    private static String links(TestLab t, String node) {
        return TestLab.ipIn(t.nodeNs(node), "-o", "link", "show", "type", "veth").lines()
                .map(l -> l.replaceAll("^\\d+: ([^:@]+).*", "$1")).sorted().toList().toString();
    }

    /** Every address file under the node's IPAM data dir. */
    private static List<String> allocated(TestLab t, String node) throws IOException {
        Path dir = t.layout.nodeDir(node).resolve("ipam");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).toList();
        }
    }
}
