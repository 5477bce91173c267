package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.net.InterfaceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named namespaces (create, open by path and pid, delete), run() and sysctls inside one. */
@RequiresRoot
class NamespaceNetnsTest {
    private TestNs a;

    @BeforeEach
    void setUp() {
        a = TestNs.create("ns");
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a);
    }

    @Test
    void createdLikeIpNetnsAddAndDeletedLikeIpNetnsDel() {
        assertThat(TestNs.run("ip", "netns", "list")).contains(a.name);
        assertThat(Files.exists(NetNs.RUN_NETNS.resolve(a.name))).isTrue();
        assertThat(a.nl.links().list()).extracting(l -> l.name()).containsExactly("lo");
        assertThat(a.json("link", "show")).hasSize(1);
        assertThatThrownBy(() -> NetNs.create(a.name)).isInstanceOf(NetlinkException.ExistsException.class);
        assertThatThrownBy(() -> NetNs.create("../etc")).isInstanceOf(IllegalArgumentException.class);
        String other = a.name + "x";
        NetNs.create(other).close();
        assertThat(TestNs.run("ip", "netns", "list")).contains(other);
        assertThat(NetNs.delete(other)).isTrue();
        assertThat(NetNs.delete(other)).isFalse();
        assertThat(TestNs.run("ip", "netns", "list")).doesNotContain(other);
        assertThatThrownBy(() -> NetNs.named(other)).isInstanceOf(NetlinkException.NotFoundException.class)
                .hasMessageContaining("ENOENT");
    }

    @Test
    void openByPathAndByPidSeeTheSameNamespace() throws Exception {
        a.nl.links().add(LinkSpec.Bridge.named("marker0"));
        try (NetNs byPath = NetNs.open("/run/netns/" + a.name); Netlink nl = Netlink.open(byPath)) {
            assertThat(nl.links().get("marker0")).isPresent();
        }
        Process p = new ProcessBuilder("ip", "netns", "exec", a.name, "sleep", "10").start();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            long pid = -1;
            while (pid < 0 && System.nanoTime() < deadline) {
                pid = p.descendants().findFirst().map(ProcessHandle::pid)
                        .orElse(p.info().command().orElse("").endsWith("sleep") ? p.pid() : -1L);
                Thread.sleep(20);
            }
            try (NetNs byPid = NetNs.ofPid(pid); Netlink nl = Netlink.open(byPid)) {
                assertThat(nl.links().get("marker0")).isPresent();
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aHandleStartedOnAWorkerIsInsideAndAFailedTaskThrowsAsRunDoes() throws Exception {
        a.nl.links().add(LinkSpec.Bridge.named("started0"));
        try (NetNs ns = NetNs.open("/run/netns/" + a.name)) {
            var pending = Netlink.start(ns);
            try (Netlink nl = NetNs.await(pending)) {
                assertThat(nl.links().get("started0")).isPresent();
            }
            var failing = ns.start(() -> {
                throw new java.io.IOException("inside");
            });
            assertThatThrownBy(() -> NetNs.await(failing)).isInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("inside");
        }
        String here = TestNs.run("readlink", "/proc/self/ns/net").strip();
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(here);
    }

    @Test
    void aHandleOpenedInsideIsUsableFromAnyThreadIncludingVirtualOnes() throws Exception {
        a.nl.links().add(LinkSpec.Bridge.named("vt0"));
        String here = TestNs.run("readlink", "/proc/self/ns/net").strip();
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                assertThat(a.nl.links().get("vt0")).isPresent();
                a.nl.links().add(LinkSpec.Bridge.named("vt1"));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        assertThat(failure.get()).isNull();
        assertThat(a.link("vt1").path("ifname").asString()).isEqualTo("vt1");
        // the JVM's own threads never moved
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(here);
    }

    @Test
    void runExecutesInsideOnAPlatformWorkerAndTheCallerNeverMoves() throws Exception {
        Thread caller = Thread.currentThread();
        String before = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        String inside = a.ns.run(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
        String here = TestNs.run("readlink", "/proc/self/ns/net").strip();
        String theirs = TestNs.run("ip", "netns", "exec", a.name, "readlink", "/proc/self/ns/net").strip();
        assertThat(inside).isEqualTo(theirs).isNotEqualTo(here);
        assertThat(a.ns.run(() -> Thread.currentThread() != caller && !Thread.currentThread().isVirtual()
                && Thread.currentThread().getName().startsWith("weft-netns"))).isTrue();
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(before);
        assertThatThrownBy(() -> a.ns.run(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThatThrownBy(() -> a.ns.run(() -> Files.readString(Path.of("/proc/sys/net/no/such/key"))))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void concurrentTasksEachRunInTheirOwnNamespace() throws Exception {
        TestNs b = TestNs.create("nsb");
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            String inA = a.ns.run(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            String inB = b.ns.run(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            assertThat(inA).isNotEqualTo(inB);
            List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                TestNs target = i % 2 == 0 ? a : b;
                String expected = i % 2 == 0 ? inA : inB;
                checks.add(pool.submit(() -> target.ns.run(
                        () -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString().equals(expected))));
            }
            for (var c : checks) {
                assertThat(c.get()).isTrue();
            }
        } finally {
            b.close();
        }
    }

    @Test
    void workersLeaveTheNamespaceSoADeletedOneIsFreedWithItsDevices() throws Exception {
        TestNs keeper = TestNs.create("keep");
        String goneName = "wtnl-gone-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        NetNs gone = NetNs.create(goneName);
        try {
            keeper.nl.links().add(new LinkSpec.Veth(InterfaceName.of("keep0"), 0, InterfaceName.of("gone0"), gone.fd()));
            for (int i = 0; i < 8; i++) {
                assertThat(gone.run(() -> Files.exists(Path.of("/proc/sys/net/ipv4/conf/gone0")))).isTrue();
            }
            gone.close();
            NetNs.delete(goneName);
            // Nothing refers to the namespace any more (no worker idles in it), so the kernel
            // dismantles it, and the veth end inside takes its peer along.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (keeper.nl.links().get("keep0").isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(keeper.nl.links().get("keep0")).isEmpty();
        } finally {
            gone.close();
            NetNs.delete(goneName);
            keeper.close();
        }
    }

    @Test
    void sysctlsAreReadAndWrittenInsideTheNamespace() {
        a.nl.links().add(new LinkSpec.Veth(InterfaceName.of("s0"), 0, InterfaceName.of("s1"), -1));
        assertThat(a.ns.readSysctl("net.ipv4.ip_forward")).isEqualTo("0");
        a.ns.sysctl("net.ipv4.ip_forward", "1");
        assertThat(a.ns.readSysctl("net/ipv4/ip_forward")).isEqualTo("1");
        assertThat(TestNs.run("ip", "netns", "exec", a.name, "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");

        a.ns.sysctl("net/ipv6/conf/s0/disable_ipv6", "1");
        assertThat(TestNs.run("ip", "netns", "exec", a.name, "cat", "/proc/sys/net/ipv6/conf/s0/disable_ipv6").strip())
                .isEqualTo("1");
        assertThat(a.ns.readSysctl("net/ipv6/conf/s1/disable_ipv6")).isEqualTo("0");
        a.ns.sysctl("net.ipv4.conf.s0.proxy_arp", "1");
        assertThat(a.ns.readSysctl("net/ipv4/conf/s0/proxy_arp")).isEqualTo("1");
        assertThat(TestNs.run("ip", "netns", "exec", a.name, "cat", "/proc/sys/net/ipv4/conf/s0/proxy_arp").strip())
                .isEqualTo("1");
        assertThatThrownBy(() -> a.ns.readSysctl("net/ipv4/conf/nosuch0/proxy_arp"))
                .isInstanceOf(NetlinkException.NotFoundException.class);
        assertThatThrownBy(() -> a.ns.sysctl("kernel.hostname", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.ns.sysctl("net/../kernel/hostname", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
