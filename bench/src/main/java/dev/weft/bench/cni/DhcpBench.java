package dev.weft.bench.cni;

import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code weft bench cni --ipam dhcp}: one DHCP segment in the bench's host namespace — bridge
 * {@code dhb0} (10.86.0.1/16) with dnsmasq serving it ({@code --no-ping}, 1 h leases, room for
 * every pod of every implementation) — and two lease holders: weft's ({@code weft cni serve
 * --dhcp-dir}, the same process that serves the shim, as a node agent does) and the reference
 * {@code dhcp daemon} with a socket of its own. Every implementation attaches its pods to
 * {@code dhb0}, so they all ask the same dnsmasq. Stopped by {@link #close()}.
 */
final class DhcpBench implements AutoCloseable {
    static final String BRIDGE = "dhb0";
    static final String REFERENCE_HOST_LOCAL = "reference-host-local";
    private static final String REFERENCE_DHCP = "/usr/lib/cni/dhcp";

    private final Path dir;
    private final List<Process> daemons = new ArrayList<>();

    private DhcpBench(Path dir) {
        this.dir = dir;
    }

    /** The segment in {@code hostNs} and the reference daemon; weft's holder comes with the served agent. */
    static DhcpBench start(String hostNs, Path dir) throws Exception {
        DhcpBench b = new DhcpBench(dir);
        try (NetNs host = NetNs.named(hostNs); Netlink nl = Netlink.open(host)) {
            nl.links().add(new LinkSpec.Bridge(InterfaceName.of(BRIDGE), 0, false));
            int br = nl.links().require(BRIDGE).index();
            nl.addresses().add(br, InterfaceAddress.parse("10.86.0.1/16"));
            nl.links().setUp(br);
        }
        try {
            Process dnsmasq = b.startIn(hostNs, "dnsmasq", List.of("dnsmasq", "--conf-file=/dev/null",
                    "--keep-in-foreground", "--no-resolv", "--port=0", "--interface=" + BRIDGE, "--bind-interfaces",
                    "--dhcp-range=10.86.1.0,10.86.255.254,255.255.0.0,1h", "--dhcp-lease-max=65000",
                    "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases"), "--pid-file=" + dir.resolve("dnsmasq.pid"),
                    "--dhcp-option=3,10.86.0.1", "--no-ping", "--log-facility=-"));
            b.await(dnsmasq, "dnsmasq", () -> b.log("dnsmasq").contains("DHCP, IP range"));
            Process ref = b.startIn(hostNs, "reference-dhcp", List.of(REFERENCE_DHCP, "daemon", "-socketpath",
                    referenceSocket(dir).toString(), "-pidfile", dir.resolve("reference-dhcp.pid").toString()));
            b.await(ref, "the reference dhcp daemon", () -> Files.exists(referenceSocket(dir)));
            return b;
        } catch (Exception e) {
            b.close();
            throw e;
        }
    }

    static Path referenceSocket(Path dir) {
        return dir.resolve("reference-dhcp.sock");
    }

    static Path weftSocket(Path dir) {
        return dir.resolve("weft-dhcp.sock");
    }

    /** What {@code weft cni serve} adds to hold weft-dhcp's leases itself. */
    static List<String> serveArgs(Path dir) {
        return List.of("--dhcp-dir", dir.resolve("weft-leases").toString(), "--dhcp-socket", weftSocket(dir).toString());
    }

    /**
     * weft-dhcp through the shim (in the serving agent) and through the JVM path (asking its
     * socket), the reference bridge + dhcp with its daemon, and host-local beside them (weft's
     * shim and the reference) on their own bridges.
     */
    static List<Impl> impls(Path shimBin, Path jvmBin, Path reference, Path agentSocket, Path dir) {
        Map<String, String> shimEnv = Map.of("WEFT_CNI_SOCKET", agentSocket.toString());
        return List.of(
                new Impl(CniBench.SHIM, shimBin, "weft-bridge", "weft-dhcp", BRIDGE, null, "eth0", shimEnv, weftSocket(dir)),
                new Impl(CniBench.JVM, jvmBin, "weft-bridge", "weft-dhcp", BRIDGE, null, "eth1", Map.of(), weftSocket(dir)),
                new Impl(Report.REFERENCE, reference, "bridge", "dhcp", BRIDGE, null, "eth2", Map.of(), referenceSocket(dir)),
                new Impl("weft-shim-host-local", shimBin, "weft-bridge", "weft-host-local", "wbs0", "10.81.0.0/16", "eth3",
                        shimEnv, null),
                new Impl(REFERENCE_HOST_LOCAL, reference, "bridge", "host-local", "rbr0", "10.83.0.0/16", "eth4",
                        Map.of(), null));
    }

    private Process startIn(String ns, String name, List<String> cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + NetNs.RUN_NETNS.resolve(ns), "--"));
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        daemons.add(p);
        return p;
    }

    private void await(Process p, String what, java.util.function.BooleanSupplier ready) throws Exception {
        for (int i = 0; i < 200 && !ready.getAsBoolean(); i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException(what + " exited: " + Files.readString(dir.resolve(
                        (what.equals("dnsmasq") ? "dnsmasq" : "reference-dhcp") + ".log")));
            }
            Thread.sleep(50);
        }
        if (!ready.getAsBoolean()) {
            throw new IllegalStateException(what + " did not start in 10 s");
        }
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        for (Process p : daemons.reversed()) {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
