package dev.weft.node.dhcp;

import dev.weft.cni.json.Json;
import dev.weft.dhcp.DhcpLeases;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.Lease;
import dev.weft.invoke.ProcessExec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.node.cni.InProcessExec;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.sdk.Dispatcher;
import dev.weft.testkit.Await;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-bridge with weft-dhcp against dnsmasq 2.90, run as the agent runs them (in-process, on a
 * lease holder the agent owns) and as the JVM path runs them (asking the holder's socket): a pod
 * on the fabric's segment gets a lease and reaches the server; the holder renews, releases, fails
 * cleanly without a server, and a restarted holder goes on renewing. ~2-4 s per test.
 */
@RequiresRoot("creates namespaces, bridges and veths and runs dnsmasq in them")
class DhcpPodRootTest {
    private static final Attachment ATTACHMENT = Attachment.of("pod1", "lan", "eth0");

    @RegisterExtension
    final Netns ns = new Netns();
    @TempDir
    Path tmp;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    record Outcome(int exit, JsonNode out) {
    }

    /** One CNI call of {@code plugin} through {@code exec}'s catalog, from a thread in the host namespace. */
    private Outcome callIn(InProcessExec exec, String host, String plugin, Map<String, String> env, String config) {
        try (NetNs h = NetNs.named(host)) {
            return h.run(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int exit = new Dispatcher(exec.plugin(plugin).orElseThrow()).run(env,
                        config.getBytes(StandardCharsets.UTF_8), out, new ByteArrayOutputStream());
                return new Outcome(exit, out.size() == 0 ? null : Json.mapper().readTree(out.toByteArray()));
            });
        }
    }

    private static String ip(Outcome add) {
        return add.out().path("ips").get(0).path("address").asString().split("/")[0];
    }

    @Test
    void aPodGetsALeaseReachesTheServerRenewsAndReleasesIt() throws Exception {
        DhcpSegment seg = closing(new DhcpSegment(ns, tmp)).serve();
        DhcpLeases leases = closing(DhcpLeases.open(tmp.resolve("leases")));
        InProcessExec agent = new InProcessExec(new ProcessExec(), new PluginCatalog(new NetlinkKernel(), leases));
        Map<String, String> env = podEnv(seg, "ADD");

        Outcome add = callIn(agent, seg.host, "weft-bridge", env, DhcpSegment.conf(""));
        assertThat(add.exit()).as(String.valueOf(add.out())).isZero();
        String ip = ip(add);
        assertThat(add.out().path("ips").get(0).path("address").asString()).matches("192\\.0\\.2\\.(5\\d|[6-9]\\d)/24");
        assertThat(add.out().path("ips").get(0).path("gateway").asString()).isEqualTo("192.0.2.1");
        assertThat(add.out().path("dns").path("nameservers").get(0).asString()).isEqualTo("192.0.2.53");
        assertThat(seg.dnsmasq.leased()).containsExactly(ip);
        Proc.inNetns(seg.pod, "ping", "-c", "1", "-W", "2", "192.0.2.1").check();

        // A repeated ADD of the IPAM plugin gets the lease the holder keeps, without a new exchange.
        Outcome again = callIn(agent, seg.host, "weft-dhcp", env, DhcpSegment.conf(""));
        assertThat(ip(again)).isEqualTo(ip);

        long before = seg.dnsmasq.expiry(ip).orElseThrow();
        Thread.sleep(1100); // dnsmasq's expiry has one-second resolution
        Lease renewed = leases.renewNow(ATTACHMENT, Duration.ofSeconds(5));
        assertThat(renewed.address().address().toString()).isEqualTo(ip);
        Await.until(Duration.ofSeconds(5), () -> seg.dnsmasq.expiry(ip).orElse(0L) > before, "dnsmasq saw the renewal");
        assertThat(callIn(agent, seg.host, "weft-bridge", podEnv(seg, "CHECK"), withPrev(add)).exit()).isZero();

        assertThat(callIn(agent, seg.host, "weft-bridge", podEnv(seg, "DEL"), DhcpSegment.conf("")).exit()).isZero();
        Await.until(Duration.ofSeconds(5), () -> seg.dnsmasq.leased().isEmpty(), "dnsmasq freed the address");
        assertThat(leases.attachments()).isEmpty();
        try (var files = Files.list(tmp.resolve("leases"))) {
            assertThat(files).isEmpty();
        }
        assertThat(callIn(agent, seg.host, "weft-bridge", podEnv(seg, "DEL"), DhcpSegment.conf("")).exit()).isZero();
    }

    /** The same IPAM under weft-macvlan: the pod's own MAC on the segment, dnsmasq answers it directly. */
    @Test
    void aMacvlanPodGetsALeaseAndDelFreesIt() throws Exception {
        DhcpSegment seg = closing(new DhcpSegment(ns, tmp)).macvlanParent().serve();
        DhcpLeases leases = closing(DhcpLeases.open(tmp.resolve("leases")));
        InProcessExec agent = new InProcessExec(new ProcessExec(), new PluginCatalog(new NetlinkKernel(), leases));

        Outcome add = callIn(agent, seg.host, "weft-macvlan", podEnv(seg, "ADD"), DhcpSegment.macvlanConf());
        assertThat(add.exit()).as(String.valueOf(add.out())).isZero();
        String ip = ip(add);
        assertThat(seg.dnsmasq.leased()).containsExactly(ip);
        String mac = add.out().path("interfaces").get(0).path("mac").asString();
        assertThat(Proc.inNetns(seg.pod, "ip", "-d", "-o", "link", "show", "eth0").check().out()).contains("macvlan")
                .containsIgnoringCase(mac);
        Proc.inNetns(seg.pod, "ping", "-c", "1", "-W", "2", "192.0.2.1").check();

        assertThat(callIn(agent, seg.host, "weft-macvlan", podEnv(seg, "DEL"), DhcpSegment.macvlanConf()).exit()).isZero();
        Await.until(Duration.ofSeconds(5), () -> seg.dnsmasq.leased().isEmpty(), "dnsmasq freed the address");
        assertThat(leases.attachments()).isEmpty();
    }

    @Test
    void withoutAServerAddFailsWithinTheTimeoutAndLeavesNothing() throws Exception {
        DhcpSegment seg = closing(new DhcpSegment(ns, tmp)); // no dnsmasq
        DhcpLeases leases = closing(DhcpLeases.open(tmp.resolve("leases")));
        InProcessExec agent = new InProcessExec(new ProcessExec(), new PluginCatalog(new NetlinkKernel(), leases));
        long t0 = System.nanoTime();
        Outcome add = callIn(agent, seg.host, "weft-bridge", podEnv(seg, "ADD"), DhcpSegment.conf(", \"timeout\": \"2s\""));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(add.exit()).isNotZero();
        assertThat(add.out().path("code").asInt()).isEqualTo(11);
        // the client's own deadline is the configured one (a 2 s wait holds one DISCOVER; the default 10 s, two)
        assertThat(add.out().path("msg").asString()).contains("timeout 2000 ms").contains("no DHCP lease within 2 s")
                .contains("1 DISCOVER sent");
        // no wall-clock bound on the whole ADD (veth, bridge port, rollback): it took 10-19 s on a machine at load 30+
        assertThat(seconds).as("it did wait for the server").isGreaterThan(1.5);
        assertThat(Proc.inNetns(seg.pod, "ip", "-o", "link").check().out()).doesNotContain("eth0");
        assertThat(Proc.inNetns(seg.host, "ip", "-o", "link", "show", "master", "wdh0").check().out().strip().lines())
                .hasSize(1).allMatch(l -> l.contains("up0"));
        assertThat(leases.attachments()).isEmpty();
        try (var files = Files.list(tmp.resolve("leases"))) {
            assertThat(files).isEmpty();
        }
    }

    /** The JVM path: plugins in a JVM of their own ask the holder's socket; the holder restarts meanwhile. */
    @Test
    void aRestartedHolderKeepsTheAddressAndGoesOnRenewing() throws Exception {
        DhcpSegment seg = closing(new DhcpSegment(ns, tmp)).serve();
        Path socket = tmp.resolve("run/dhcp.sock");
        Path dir = tmp.resolve("leases");
        InProcessExec jvmPath = InProcessExec.oneShot();
        String conf = DhcpSegment.conf(", \"daemonSocketPath\": \"" + socket + "\"");

        NodeDhcp first = NodeDhcp.start(socket, dir);
        Outcome add;
        try {
            add = callIn(jvmPath, seg.host, "weft-bridge", podEnv(seg, "ADD"), conf);
            assertThat(add.exit()).as(String.valueOf(add.out())).isZero();
        } finally {
            first.close();
        }
        String ip = ip(add);
        long before = seg.dnsmasq.expiry(ip).orElseThrow();
        Thread.sleep(1100);

        NodeDhcp second = closing(NodeDhcp.start(socket, dir)); // resumes: INIT-REBOOT confirms the lease
        Await.until(Duration.ofSeconds(5), () -> seg.dnsmasq.expiry(ip).orElse(0L) > before, "dnsmasq saw the restart's REQUEST");
        assertThat(second.holder().check(ATTACHMENT).address().address().toString()).isEqualTo(ip);
        assertThat(Proc.inNetns(seg.pod, "ip", "-o", "-4", "addr", "show", "eth0").check().out()).contains(ip + "/24");

        long confirmed = seg.dnsmasq.expiry(ip).orElseThrow();
        Thread.sleep(1100);
        second.holder().renewNow(ATTACHMENT, Duration.ofSeconds(5));
        Await.until(Duration.ofSeconds(5), () -> seg.dnsmasq.expiry(ip).orElse(0L) > confirmed, "a renewal after the restart");
        Proc.inNetns(seg.pod, "ping", "-c", "1", "-W", "2", "192.0.2.1").check();

        assertThat(callIn(jvmPath, seg.host, "weft-bridge", podEnv(seg, "DEL"), conf).exit()).isZero();
        Await.until(Duration.ofSeconds(5), () -> seg.dnsmasq.leased().isEmpty(), "dnsmasq freed the address");
    }

    private Map<String, String> podEnv(DhcpSegment seg, String command) {
        return Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "pod1", "CNI_NETNS", seg.podPath(),
                "CNI_IFNAME", "eth0", "CNI_PATH", tmp.toString());
    }

    private static String withPrev(Outcome add) {
        String conf = DhcpSegment.conf("");
        return conf.substring(0, conf.length() - 1) + ", \"prevResult\": " + add.out() + "}";
    }
}
