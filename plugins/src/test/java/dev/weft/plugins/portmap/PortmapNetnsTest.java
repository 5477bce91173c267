package dev.weft.plugins.portmap;

import dev.weft.plugins.net.NsHandle;
import dev.weft.plugins.testing.BridgedPods;
import dev.weft.plugins.testing.BridgedPods.Pod;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import dev.weft.testkit.Daemon;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-portmap on the real kernel, chained after weft-bridge in a throwaway host namespace: a pod
 * serving HTTP on port 80 is reached on the host's ports from outside (a namespace on a veth,
 * IPv4 and IPv6), from the host itself (its address and 127.0.0.1), from a neighbour pod and from
 * itself (hairpin); hostIP, conditions, UDP with a stale conntrack entry, CHECK, and DEL leaving
 * the other pod's rules.
 */
@RequiresRoot("creates namespaces, bridges and nftables rules")
class PortmapNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    private BridgedPods lab;
    private String outside;
    private PortmapPlugin portmap;

    @BeforeEach
    void setUp() {
        lab = new BridgedPods(netns, tmp);
        outside = lab.outside();
        portmap = new PortmapPlugin(lab.hostPath(), NsHandle.nftFor(lab.hostPath()), tmp.resolve("portmap.lock"));
    }

    private Daemon httpd(Pod pod, String body) throws IOException {
        Path www = Files.createDirectories(tmp.resolve("www-" + pod.containerId()));
        Files.writeString(www.resolve("index.html"), body);
        Daemon d = Daemon.start("httpd", pod.netns(), tmp.resolve("httpd-" + pod.containerId() + ".log"),
                "busybox", "httpd", "-f", "-p", "80", "-h", www.toString());
        d.awaitReady(Duration.ofSeconds(10), () -> get(pod.netns(), "http://127.0.0.1:80/").contains(body));
        return d;
    }

    private static String get(String ns, String url) {
        return Proc.inNetns(ns, "curl", "-s", "-g", "-m", "3", url).out();
    }

    private static String mappings(String... entries) {
        return "{\"portMappings\": [" + String.join(", ", entries) + "]}";
    }

    @Test
    void aPublishedPortIsReachableFromOutsideTheHostAPodAndItselfAndDelRemovesOnlyItsRules() throws IOException {
        Pod web = lab.pod("web");
        Pod client = lab.pod("client");
        String rc = mappings("{\"hostPort\": 8080, \"containerPort\": 80, \"protocol\": \"tcp\"}",
                "{\"hostPort\": 8081, \"containerPort\": 80, \"protocol\": \"tcp\", \"hostIP\": \"192.0.2.1\"}");
        String conf = BridgedPods.chained("weft-portmap", "", web, rc);
        Outcome add = BridgedPods.run(portmap, "ADD", web, conf);
        assertThat(add.exit()).as(add.out() + add.err()).isZero();
        assertThat(add.out().path("ips").path(0).path("address").asString()).as("prevResult passed on")
                .isEqualTo(web.result().path("ips").path(0).path("address").asString());
        Outcome other = BridgedPods.run(portmap, "ADD", client, BridgedPods.chained("weft-portmap", "", client,
                mappings("{\"hostPort\": 9090, \"containerPort\": 90}")));
        assertThat(other.exit()).as(other.out() + other.err()).isZero();

        try (Daemon ignored = httpd(web, "hello-from-web")) {
            assertThat(get(outside, "http://192.0.2.1:8080/")).as("from outside").isEqualTo("hello-from-web");
            assertThat(get(outside, "http://[fd99::1]:8080/")).as("from outside, IPv6").isEqualTo("hello-from-web");
            assertThat(get(outside, "http://192.0.2.1:8081/")).as("hostIP mapping").isEqualTo("hello-from-web");
            assertThat(get(lab.host, "http://192.0.2.1:8080/")).as("from the host").isEqualTo("hello-from-web");
            assertThat(get(lab.host, "http://127.0.0.1:8080/")).as("from the host's localhost").isEqualTo("hello-from-web");
            assertThat(get(client.netns(), "http://10.66.0.1:8080/")).as("from another pod").isEqualTo("hello-from-web");
            assertThat(get(web.netns(), "http://10.66.0.1:8080/")).as("hairpin").isEqualTo("hello-from-web");
            assertThat(get(web.netns(), "http://192.0.2.1:8080/")).as("hairpin via the uplink address").isEqualTo("hello-from-web");
            assertThat(get(lab.host, "http://10.66.0.1:8081/")).as("hostIP mapping only on its address").isEmpty();
        }
        assertThat(Proc.inNetns(lab.host, "cat", "/proc/sys/net/ipv4/conf/wtmb0/route_localnet").out().strip()).isEqualTo("1");
        String rules = lab.ruleset();
        assertThat(rules).contains("tcp dport 8080 dnat to " + web.ipv4() + ":80")
                .contains("ip daddr 192.0.2.1 tcp dport 8081 dnat to " + web.ipv4() + ":80")
                .contains("dnat to [fd66::").contains("tcp dport 9090 dnat to " + client.ipv4() + ":90");

        assertThat(BridgedPods.run(portmap, "CHECK", web, conf).exit()).isZero();
        Proc.inNetns(lab.host, "nft", "delete", "element", "ip", "weft_portmap", "hostip_ports", "{ 192.0.2.1 . tcp . 8081 }").check();
        Outcome broken = BridgedPods.run(portmap, "CHECK", web, conf);
        assertThat(broken.errorCode()).as(broken.out().toString()).isEqualTo(3);
        assertThat(broken.msg()).contains("hostip_ports lacks 192.0.2.1 . tcp . 8081");

        Outcome taken = BridgedPods.run(portmap, "ADD", client, BridgedPods.chained("weft-portmap", "", client,
                mappings("{\"hostPort\": 8080, \"containerPort\": 91}")));
        assertThat(taken.errorCode()).as("a host port another container holds").isEqualTo(7);
        assertThat(taken.msg()).contains("already mapped");
        assertThat(lab.ruleset()).doesNotContain(":91");

        assertThat(BridgedPods.run(portmap, "DEL", web, conf).exit()).isZero();
        rules = lab.ruleset();
        assertThat(rules).doesNotContain(web.ipv4() + ":80").doesNotContain("8080").contains("dnat to " + client.ipv4() + ":90");
        String webV6 = web.result().path("ips").path(1).path("address").asString().replaceAll("/.*", "");
        assertThat(rules).as("web's IPv6 rules").doesNotContain("[" + webV6 + "]").doesNotContain(webV6 + " : jump")
                .contains("table ip6 weft_portmap");
        assertThat(BridgedPods.run(portmap, "DEL", web, conf).exit()).as("DEL twice").isZero();
        String clientConf = BridgedPods.chained("weft-portmap", "", client, mappings("{\"hostPort\": 9090, \"containerPort\": 90}"));
        assertThat(BridgedPods.run(portmap, "DEL", client, clientConf).exit()).isZero();
        assertThat(lab.ruleset()).as("the tables stay, empty").doesNotContain("dnat to").doesNotContain("jump dnat_")
                .doesNotContain("masq_").contains("table ip weft_portmap");
        Proc.inNetns(lab.host, "nft", "delete", "table", "ip", "weft_portmap").check();
        Proc.inNetns(lab.host, "nft", "delete", "table", "ip6", "weft_portmap").check();
        assertThat(BridgedPods.run(portmap, "DEL", client, clientConf).exit()).as("DEL without a table").isZero();
        assertThat(lab.ruleset()).doesNotContain("weft_portmap");
    }

    @Test
    void delFindsByListingWhatItsMappingsDoNotDescribe() {
        Pod web = lab.pod("moved");
        String added = BridgedPods.chained("weft-portmap", "", web, mappings("{\"hostPort\": 8080, \"containerPort\": 80}"));
        Pod other = lab.pod("stays");
        String otherConf = BridgedPods.chained("weft-portmap", "", other, mappings("{\"hostPort\": 9090, \"containerPort\": 90}"));
        assertThat(BridgedPods.run(portmap, "ADD", web, added).exit()).isZero();
        assertThat(BridgedPods.run(portmap, "ADD", other, otherConf).exit()).isZero();
        String changed = BridgedPods.chained("weft-portmap", "", web, mappings("{\"hostPort\": 8181, \"containerPort\": 80}"));
        assertThat(BridgedPods.run(portmap, "DEL", web, changed).exit()).as("mappings unlike ADD's").isZero();
        assertThat(BridgedPods.run(portmap, "DEL", web, BridgedPods.chained("weft-portmap", "", web, null)).exit())
                .as("no mappings at all").isZero();
        assertThat(lab.ruleset()).doesNotContain("8080").doesNotContain(web.ipv4()).contains("dnat to " + other.ipv4() + ":90");
        assertThat(BridgedPods.run(portmap, "DEL", other, otherConf).exit()).isZero();
    }

    @Test
    void conditionsRestrictTheMappingAndSnatOffLeavesNoMasquerade() throws IOException {
        Pod web = lab.pod("cond");
        String conf = BridgedPods.chained("weft-portmap",
                "\"snat\": false, \"conditionsV4\": [\"ip\", \"saddr\", \"!=\", \"192.0.2.2\"]", web,
                mappings("{\"hostPort\": 8080, \"containerPort\": 80}"));
        Outcome add = BridgedPods.run(portmap, "ADD", web, conf);
        assertThat(add.exit()).as(add.out() + add.err()).isZero();
        try (Daemon ignored = httpd(web, "cond")) {
            assertThat(get(lab.host, "http://192.0.2.1:8080/")).isEqualTo("cond");
            assertThat(get(outside, "http://192.0.2.1:8080/")).as("192.0.2.2 excluded by conditionsV4").isEmpty();
            assertThat(get(outside, "http://[fd99::1]:8080/")).as("IPv6 has no conditions").isEqualTo("cond");
        }
        assertThat(lab.ruleset()).doesNotContain("masquerade");
        assertThat(BridgedPods.run(portmap, "CHECK", web, conf).exit()).isZero();
        assertThat(BridgedPods.run(portmap, "DEL", web, conf).exit()).isZero();
        assertThat(lab.ruleset()).doesNotContain("dnat to");
    }

    /** A dual-stack TCP server on port 80 of {@code pod} that answers each connection with its peer's address. */
    private Daemon peerEcho(Pod pod) {
        Daemon d = Daemon.start("peer-echo", pod.netns(), tmp.resolve("peer-" + pod.containerId() + ".log"), "python3", "-u",
                "-c", """
                        import socket
                        s = socket.socket(socket.AF_INET6)
                        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
                        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                        s.bind(('::', 80))
                        s.listen(16)
                        print('listening', flush=True)
                        while True:
                            c, a = s.accept()
                            c.sendall(a[0].removeprefix('::ffff:').encode())
                            c.close()
                        """);
        d.awaitReady(Duration.ofSeconds(10), () -> d.log().contains("listening"));
        return d;
    }

    /** The source address the pod behind {@code address}:8080 saw for a connection from {@code ns} ("" when none). */
    private static String seenFrom(String ns, String address) {
        return Proc.inNetns(ns, "python3", "-c", "import socket,sys\ntry:\n    s=socket.create_connection((sys.argv[1], 8080), 3)\n"
                + "    print(s.recv(100).decode())\nexcept OSError:\n    pass", address).out().strip();
    }

    @Test
    void masqAllHidesEveryClientConditionsV6RestrictIpv6AndSctpMappingsAreLoaded() throws IOException {
        Pod web = lab.pod("masq");
        String rc = mappings("{\"hostPort\": 8080, \"containerPort\": 80}",
                "{\"hostPort\": 9000, \"containerPort\": 9000, \"protocol\": \"sctp\"}");
        String plain = BridgedPods.chained("weft-portmap", "", web, rc);
        String masqAll = BridgedPods.chained("weft-portmap",
                "\"masqAll\": true, \"conditionsV6\": [\"ip6\", \"saddr\", \"!=\", \"fd99::2\"]", web, rc);
        try (Daemon ignored = peerEcho(web)) {
            assertThat(BridgedPods.run(portmap, "ADD", web, plain).exit()).isZero();
            assertThat(seenFrom(outside, "192.0.2.1")).as("without masqAll an outside client keeps its address")
                    .isEqualTo("192.0.2.2");
            assertThat(seenFrom(outside, "fd99::1")).isEqualTo("fd99::2");
            // this kernel may have no SCTP sockets to send with; the kernel accepting the rule is what is checked
            assertThat(lab.ruleset()).contains("sctp dport 9000 dnat to " + web.ipv4() + ":9000");
            assertThat(BridgedPods.run(portmap, "DEL", web, plain).exit()).isZero();
            assertThat(lab.ruleset()).doesNotContain("dnat to");

            Outcome add = BridgedPods.run(portmap, "ADD", web, masqAll);
            assertThat(add.exit()).as(add.out() + add.err()).isZero();
            assertThat(seenFrom(outside, "192.0.2.1")).as("masqAll: the pod sees the bridge's address").isEqualTo("10.66.0.1");
            assertThat(seenFrom(outside, "fd99::1")).as("conditionsV6 exclude fd99::2").isEmpty();
            assertThat(seenFrom(lab.host, "fd99::1")).as("conditionsV6 let the host's own address in, masqueraded")
                    .startsWith("fd66:");
            assertThat(BridgedPods.run(portmap, "CHECK", web, masqAll).exit()).isZero();
            assertThat(BridgedPods.run(portmap, "DEL", web, masqAll).exit()).isZero();
        }
        assertThat(lab.ruleset()).doesNotContain("dnat to").doesNotContain("masquerade");
    }

    /**
     * This kernel may have no SCTP sockets, so the client and the server are raw IP sockets of
     * protocol 132: an INIT chunk (what conntrack needs to see a new association, with a valid
     * CRC32c) sent from outside to the host's port 9000 arrives in the pod at port 9001.
     */
    @Test
    void anSctpAssociationIsDnatedToTheContainerPort() {
        Pod web = lab.pod("sctp");
        String conf = BridgedPods.chained("weft-portmap", "", web,
                mappings("{\"hostPort\": 9000, \"containerPort\": 9001, \"protocol\": \"sctp\"}"));
        assertThat(BridgedPods.run(portmap, "ADD", web, conf).exit()).isZero();
        try (Daemon receiver = Daemon.start("sctp-raw", web.netns(), tmp.resolve("sctp.log"), "python3", "-u", "-c", """
                import socket, struct
                s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 132)
                print('listening', flush=True)
                while True:
                    p = s.recv(2048)
                    ihl = (p[0] & 15) * 4
                    sport, dport = struct.unpack('!HH', p[ihl:ihl + 4])
                    print('got', socket.inet_ntoa(p[16:20]), dport, p[ihl + 12], flush=True)
                """)) {
            receiver.awaitReady(Duration.ofSeconds(10), () -> receiver.log().contains("listening"));
            Proc.inNetns(outside, "python3", "-c", SCTP_INIT, "192.0.2.1", "9000").check();
            receiver.awaitReady(Duration.ofSeconds(5), () -> receiver.log().contains("got "));
            assertThat(receiver.log()).as("INIT (chunk type 1) to the container's address and port")
                    .contains("got " + web.ipv4() + " 9001 1");
        }
        assertThat(BridgedPods.run(portmap, "DEL", web, conf).exit()).isZero();
    }

    /** Sends an SCTP INIT chunk (five times) to argv[1]:argv[2] from port 5000 over a raw socket, with its CRC32c. */
    private static final String SCTP_INIT = """
            import socket, struct, sys, time
            def crc32c(data):
                crc = 0xffffffff
                for b in data:
                    crc ^= b
                    for _ in range(8):
                        crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1))
                return crc ^ 0xffffffff
            init = struct.pack('!BBHIIHHI', 1, 0, 20, 0x1234567, 65535, 1, 1, 1)
            hdr = struct.pack('!HHII', 5000, int(sys.argv[2]), 0, 0)
            pkt = hdr + init
            pkt = pkt[:8] + struct.pack('<I', crc32c(pkt)) + pkt[12:]
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 132)
            for _ in range(5):
                s.sendto(pkt, (sys.argv[1], 0))
                time.sleep(0.2)
            """;

    @Test
    void aUdpFlowThatPredatesTheMappingIsFlushedAndThenDnated() {
        Pod first = lab.pod("u1");
        assertThat(BridgedPods.run(portmap, "ADD", first, BridgedPods.chained("weft-portmap", "", first,
                mappings("{\"hostPort\": 7000, \"containerPort\": 7000, \"protocol\": \"udp\"}"))).exit()).isZero();
        Pod dns = lab.pod("u2");
        try (Daemon receiver = Daemon.start("receiver", dns.netns(), tmp.resolve("recv.log"), "python3", "-u", "-c",
                "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('0.0.0.0',9999))\n"
                        + "print('bound', flush=True)\nprint('got', s.recvfrom(100)[0].decode(), flush=True)");
             Daemon sender = Daemon.start("sender", outside, tmp.resolve("send.log"), "python3", "-u", "-c",
                     "import socket,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('192.0.2.2',40000))\n"
                             + "for i in range(400):\n    s.sendto(b'datagram',('192.0.2.1',9999)); time.sleep(0.05)")) {
            receiver.awaitReady(Duration.ofSeconds(10), () -> receiver.log().contains("bound"));
            dev.weft.testkit.Await.until(Duration.ofSeconds(10), () -> Proc.inNetns(lab.host, "cat",
                    "/proc/net/nf_conntrack").out().contains("dport=9999"), "a conntrack entry for the early flow");
            Outcome add = BridgedPods.run(portmap, "ADD", dns, BridgedPods.chained("weft-portmap", "", dns,
                    mappings("{\"hostPort\": 9999, \"containerPort\": 9999, \"protocol\": \"udp\"}")));
            assertThat(add.exit()).as(add.out() + add.err()).isZero();
            receiver.awaitReady(Duration.ofSeconds(10), () -> receiver.log().contains("got datagram"));
        }
    }

    @Test
    void badMappingsAreCodedErrorsAndLeaveNoRules() {
        Pod web = lab.pod("bad");
        for (String bad : new String[] {
                "{\"hostPort\": 0, \"containerPort\": 80}",
                "{\"hostPort\": 65536, \"containerPort\": 80}",
                "{\"hostPort\": 8080, \"containerPort\": 80, \"protocol\": \"icmp\"}"}) {
            Outcome o = BridgedPods.run(portmap, "ADD", web, BridgedPods.chained("weft-portmap", "", web, mappings(
                    "{\"hostPort\": 8088, \"containerPort\": 80}", bad)));
            assertThat(o.errorCode()).as(bad).isEqualTo(7);
            assertThat(o.msg()).contains("runtimeConfig.portMappings[1]");
        }
        Outcome cond = BridgedPods.run(portmap, "ADD", web, BridgedPods.chained("weft-portmap",
                "\"conditionsV4\": [\"ip saddr 1.2.3.4 accept\"]", web, mappings("{\"hostPort\": 8088, \"containerPort\": 80}")));
        assertThat(cond.errorCode()).isEqualTo(7);
        assertThat(cond.msg()).contains("conditionsV4");
        Outcome syntax = BridgedPods.run(portmap, "ADD", web, BridgedPods.chained("weft-portmap",
                "\"conditionsV4\": [\"ip\", \"nonsense\"]", web, mappings("{\"hostPort\": 8088, \"containerPort\": 80}")));
        assertThat(syntax.errorCode()).as("nft refuses it; the error names the conditions").isEqualTo(7);
        assertThat(syntax.msg()).contains("conditionsV4");
        assertThat(lab.ruleset()).doesNotContain("weft_portmap");
    }
}
