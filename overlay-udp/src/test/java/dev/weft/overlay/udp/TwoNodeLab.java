package dev.weft.overlay.udp;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.datapath.DatapathKind;
import dev.weft.overlay.udp.peer.PeerFile;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Two "nodes" on a fabric bridge, each with a "pod" behind a veth, for the root tests and the
 * benchmark (built with {@code ip}, as tests may): fabric namespace with bridge {@code br0};
 * node A {@code eth0} 192.0.2.1/24, node B 192.0.2.2/24; pod A 10.244.1.2/24 behind node A's
 * {@code pod0} 10.244.1.1/24, pod B 10.244.2.2/24 behind 10.244.2.1/24; forwarding on in the
 * nodes. The overlay is not set up here: see {@link #config} and {@link #writePeers}.
 */
public final class TwoNodeLab {
    public static final Cidr CLUSTER = Cidr.parse("10.244.0.0/16");
    public static final String POD_A = "10.244.1.2";
    public static final String POD_B = "10.244.2.2";

    public final String fabric;
    public final String nodeA;
    public final String nodeB;
    public final String podA;
    public final String podB;
    public final Path dir;

    private TwoNodeLab(Netns ns, Path dir) {
        this.dir = dir;
        fabric = ns.create("wu-fab");
        nodeA = ns.create("wu-na");
        nodeB = ns.create("wu-nb");
        podA = ns.create("wu-pa");
        podB = ns.create("wu-pb");
    }

    /** Builds the namespaces and links; state files go under {@code dir}. */
    public static TwoNodeLab build(Netns ns, Path dir, int podMtu) {
        TwoNodeLab lab = new TwoNodeLab(ns, dir);
        lab.wire(podMtu);
        return lab;
    }

    private void wire(int podMtu) {
        ip(fabric, "link", "add", "br0", "type", "bridge");
        ip(fabric, "link", "set", "br0", "up");
        node(nodeA, "a0", "192.0.2.1/24");
        node(nodeB, "b0", "192.0.2.2/24");
        pod(nodeA, podA, "10.244.1.1/24", POD_A + "/24", "10.244.1.1", podMtu);
        pod(nodeB, podB, "10.244.2.1/24", POD_B + "/24", "10.244.2.1", podMtu);
    }

    private void node(String node, String fabricEnd, String address) {
        Proc.run("ip", "link", "add", "eth0", "netns", node, "type", "veth", "peer", "name", fabricEnd, "netns", fabric).check();
        ip(fabric, "link", "set", fabricEnd, "master", "br0", "up");
        ip(node, "addr", "add", address, "dev", "eth0");
        ip(node, "link", "set", "eth0", "up");
        Proc.inNetns(node, "sysctl", "-qw", "net.ipv4.ip_forward=1").check();
    }

    private void pod(String node, String pod, String nodeAddress, String podAddress, String gateway, int mtu) {
        Proc.run("ip", "link", "add", "pod0", "netns", node, "mtu", Integer.toString(mtu), "type", "veth", "peer", "name", "eth0",
                "netns", pod, "mtu", Integer.toString(mtu)).check();
        ip(node, "addr", "add", nodeAddress, "dev", "pod0");
        ip(node, "link", "set", "pod0", "up");
        ip(pod, "addr", "add", podAddress, "dev", "eth0");
        ip(pod, "link", "set", "eth0", "up");
        ip(pod, "route", "add", "default", "via", gateway);
    }

    public static void ip(String ns, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "ip";
        cmd[1] = "-n";
        cmd[2] = ns;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Proc.run(cmd).check();
    }

    /** Node A's (or B's) overlay configuration. */
    public UdpOverlayConfig config(boolean a, Optional<DatapathKind> kind, int queues) {
        String n = a ? "a" : "b";
        return new UdpOverlayConfig(InterfaceName.of("weft.udp"), Cidr.parse(a ? "10.244.1.0/24" : "10.244.2.0/24"),
                IpAddress.parse(a ? "10.244.1.1" : "10.244.2.1"), CLUSTER, IpAddress.parse(a ? "192.0.2.1" : "192.0.2.2"),
                UdpOverlayConfig.DEFAULT_PORT, 0, kind, queues, dir.resolve(n + "/peers"), dir.resolve(n + "/status"));
    }

    /** Each node's peers file names the other. */
    public void writePeers() throws IOException {
        PeerFile.write(dir.resolve("a/peers"), Map.of(Cidr.parse("10.244.2.0/24"), IpAddress.parse("192.0.2.2")));
        PeerFile.write(dir.resolve("b/peers"), Map.of(Cidr.parse("10.244.1.0/24"), IpAddress.parse("192.0.2.1")));
    }

    /**
     * Kernel VXLAN between the nodes instead of the overlay (VNI 42, port 4789, point to point):
     * each node's {@code vx0} holds its subnet's .0 address and routes the other's subnet through
     * the other's .0, onlink, as weft's own VXLAN backend does. MTU 1450.
     */
    public void vxlan() {
        vxlanNode(nodeA, "192.0.2.1", "192.0.2.2", "10.244.1.0", "10.244.2.0");
        vxlanNode(nodeB, "192.0.2.2", "192.0.2.1", "10.244.2.0", "10.244.1.0");
    }

    private static void vxlanNode(String node, String local, String remote, String self, String other) {
        ip(node, "link", "add", "vx0", "type", "vxlan", "id", "42", "local", local, "remote", remote, "dstport", "4789", "dev", "eth0");
        ip(node, "addr", "add", self + "/32", "dev", "vx0");
        ip(node, "link", "set", "vx0", "up");
        ip(node, "route", "add", other + "/24", "via", other, "dev", "vx0", "onlink");
    }

    /** ping from {@code ns}. */
    public static Proc.Result ping(String ns, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ping";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Proc.inNetns(ns, cmd);
    }
}
