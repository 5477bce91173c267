package dev.weft.netlink.bench;

import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One pod's worth of link work — veth pair create with the peer moved into another namespace,
 * address, up, delete — through weft's netlink and through {@code ip} subprocesses, in two
 * throwaway namespaces. Run: {@code VethBench.main} (root); prints both scores and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class VethBench {
    private static final InterfaceName VB0 = InterfaceName.of("vb0");
    private static final InterfaceName VB1 = InterfaceName.of("vb1");
    private static final InterfaceAddress ADDRESS = InterfaceAddress.parse("10.77.0.1/24");

    private String a;
    private String b;
    private NetNs nsA;
    private NetNs nsB;
    private Netlink nl;

    @Setup(Level.Trial)
    public void setUp() {
        String id = UUID.randomUUID().toString().substring(0, 6);
        a = "wtnl-ba-" + id;
        b = "wtnl-bb-" + id;
        nsA = NetNs.create(a);
        nsB = NetNs.create(b);
        nl = Netlink.open(nsA);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nl.close();
        nsA.close();
        nsB.close();
        NetNs.delete(a);
        NetNs.delete(b);
    }

    @Benchmark
    public int weftNetlink() {
        LinkInfo l = nl.links().addAndGet(new LinkSpec.Veth(VB0, 0, VB1, nsB.fd()));
        nl.addresses().add(l.index(), ADDRESS);
        nl.links().setUp(l.index());
        nl.links().delete(l.index());
        return l.index();
    }

    @Benchmark
    public int ipSubprocesses() throws Exception {
        int rc = run("ip", "-n", a, "link", "add", "vb0", "type", "veth", "peer", "name", "vb1", "netns", b);
        rc += run("ip", "-n", a, "addr", "add", "10.77.0.1/24", "dev", "vb0");
        rc += run("ip", "-n", a, "link", "set", "vb0", "up");
        rc += run("ip", "-n", a, "link", "del", "vb0");
        if (rc != 0) {
            throw new IllegalStateException("ip failed");
        }
        return rc;
    }

    /**
     * The same work without the delete, which is timed out of the measurement (per-invocation
     * teardown): the kernel's device deletion waits for an RCU grace period (~17 ms here) that
     * neither tool can shorten, so it hides what the tool itself costs.
     */
    @State(Scope.Thread)
    public static class Undo {
        boolean viaIp;

        @TearDown(Level.Invocation)
        public void delete(VethBench bench) throws Exception {
            if (viaIp) {
                run("ip", "-n", bench.a, "link", "del", "vb0");
            } else {
                bench.nl.links().deleteIfExists("vb0");
            }
        }
    }

    @Benchmark
    public int weftNetlinkNoDelete(Undo undo) {
        undo.viaIp = false;
        LinkInfo l = nl.links().addAndGet(new LinkSpec.Veth(VB0, 0, VB1, nsB.fd()));
        nl.addresses().add(l.index(), ADDRESS);
        nl.links().setUp(l.index());
        return l.index();
    }

    @Benchmark
    public int ipSubprocessesNoDelete(Undo undo) throws Exception {
        undo.viaIp = true;
        int rc = run("ip", "-n", a, "link", "add", "vb0", "type", "veth", "peer", "name", "vb1", "netns", b);
        rc += run("ip", "-n", a, "addr", "add", "10.77.0.1/24", "dev", "vb0");
        rc += run("ip", "-n", a, "link", "set", "vb0", "up");
        if (rc != 0) {
            throw new IllegalStateException("ip failed");
        }
        return rc;
    }

    private static int run(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(VethBench.class.getName()).build()).run();
        report("create+move+address+up+delete", score(results, ".weftNetlink"), score(results, ".ipSubprocesses"));
        report("create+move+address+up (delete untimed)", score(results, ".weftNetlinkNoDelete"),
                score(results, ".ipSubprocessesNoDelete"));
    }

    private static void report(String what, double weft, double ip) {
        System.out.printf("%s: weft netlink %.1f us/op, ip subprocesses %.1f us/op, ip/weft = %.1fx%n",
                what, weft, ip, ip / weft);
    }

    private static double score(Collection<RunResult> results, String name) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith(name)).findFirst()
                .orElseThrow().getPrimaryResult().getScore();
    }

}
