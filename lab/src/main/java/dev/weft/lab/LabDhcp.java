package dev.weft.lab;

import dev.weft.net.InterfaceName;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code weft lab up --ipam dhcp}: pods get their addresses from dnsmasq in the fabric namespace,
 * the DHCP server of the underlay segment {@code br0}, through {@code weft-dhcp} (the leases held by
 * each node's agent).
 *
 * <h2>How pods reach the segment</h2>
 * Each node gets a second port on the fabric bridge, {@code NODEd} there and {@code dhcp0} in the
 * node, enslaved to the node's bridge {@code wdhcp0} (no address). Pods are attached by
 * {@code weft-bridge} to {@code wdhcp0} without a gateway address or NAT, so they sit on the
 * fabric's L2 segment beside the nodes and talk to each other directly, whatever the cluster
 * backend does with the node subnets. The node's own {@code eth0} and its address are untouched:
 * the agent and its backend work as in any lab. With {@code l3}, the DHCP ports of every node join
 * {@code br0}, so all pods share that one segment.
 *
 * <h2>On the macvlan backend</h2>
 * Pods are the backend's own: the {@code weft} plugin puts them on a weft-macvlan of the node's
 * uplink (already on {@code br0}) and records them, so the backend's host shim routes the node to
 * them; only the delegate's IPAM is replaced by weft-dhcp. The cluster pool excludes dnsmasq's
 * range, so the two allocators never hand out one address twice.
 *
 * <h2>dnsmasq</h2>
 * Its own arguments (no config file), lease file, pid file and log under {@code LAB/dnsmasq/};
 * range 172.30.0.128-254 (nodes are .11 and up, so at most {@link #MAX_NODES} nodes), 1 h leases,
 * router option 172.30.0.2 (the fabric), {@code --no-ping} (dnsmasq's default ping of an address
 * before offering it adds ~3 s to every new lease). It runs in the fabric namespace, so {@code
 * weft lab down} ends it with the namespace.
 */
public final class LabDhcp {
    static final int MAX_NODES = 100;
    static final String POD_BRIDGE = "wdhcp0";
    static final String NODE_PORT = "dhcp0";
    static final String FIRST = "172.30.0.128";
    static final String LAST = "172.30.0.254";
    private static final String DNSMASQ = "/usr/sbin/dnsmasq";

    private LabDhcp() {
    }

    /** Whether the lab hands out pod addresses by DHCP (its dnsmasq directory exists). */
    static boolean enabled(LabLayout layout) {
        return Files.isDirectory(dir(layout));
    }

    static Path dir(LabLayout layout) {
        return layout.dir().resolve("dnsmasq");
    }

    /** dnsmasq's lease file: {@code EXPIRY MAC ADDRESS NAME CLIENT-ID} per line. */
    public static Path leaseFile(LabLayout layout) {
        return dir(layout).resolve("leases");
    }

    /** Where node {@code node}'s agent serves its DHCP leases. */
    public static Path socket(LabLayout layout, String node) {
        return layout.nodeDir(node).resolve("dhcp.sock");
    }

    /** Starts dnsmasq on {@code br0} in the fabric and waits until it serves; returns its pid. */
    static long startServer(LabLayout layout, int nodes) {
        if (nodes > MAX_NODES) {
            throw new IllegalArgumentException("--ipam dhcp serves pods from " + FIRST + ": at most " + MAX_NODES
                    + " nodes (their addresses must stay below it), not " + nodes);
        }
        if (!Files.isExecutable(Path.of(DNSMASQ))) {
            throw new IllegalStateException("--ipam dhcp needs dnsmasq (Debian: apt-get install dnsmasq-base)");
        }
        Path dir = dir(layout);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long pid = LabProcesses.startIn(layout.fabricNs(), List.of(DNSMASQ, "--conf-file=/dev/null",
                "--keep-in-foreground", "--no-resolv", "--port=0", "--interface=br0", "--bind-interfaces",
                "--dhcp-range=" + FIRST + "," + LAST + ",255.255.255.0,1h", "--dhcp-leasefile=" + leaseFile(layout),
                "--pid-file=" + dir.resolve("pid"), "--dhcp-option=3," + LabLayout.FABRIC_IP, "--no-ping",
                "--log-dhcp", "--log-facility=-"), dir.resolve("log"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!log(layout).contains("DHCP, IP range")) {
            if (!LabProcesses.alive(pid) || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("dnsmasq did not start: " + log(layout));
            }
            Lab.sleep(50);
        }
        return pid;
    }

    static String log(LabLayout layout) {
        try {
            Path log = dir(layout).resolve("log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Node {@code node}'s port on the DHCP segment: {@code NODEd} on {@code br0} ↔ {@code dhcp0} in {@code wdhcp0}. */
    static void plugNode(LabLayout layout, String node) {
        try (NetNs fabric = NetNs.named(layout.fabricNs()); Netlink fl = Netlink.open(fabric);
             NetNs ns = NetNs.named(layout.nodeNs(node)); Netlink nl = Netlink.open(ns)) {
            String port = node + "d";
            fl.links().add(new LinkSpec.Veth(InterfaceName.of(port), 0, InterfaceName.of(NODE_PORT), ns.fd()));
            int p = fl.links().require(port).index();
            fl.links().setMaster(p, fl.links().require("br0").index());
            fl.links().setUp(p);
            nl.links().add(new LinkSpec.Bridge(InterfaceName.of(POD_BRIDGE), 0, false));
            int bridge = nl.links().require(POD_BRIDGE).index();
            int inner = nl.links().require(NODE_PORT).index();
            nl.links().setMaster(inner, bridge);
            nl.links().setUp(inner);
            nl.links().setUp(bridge);
        }
    }

    /** weft-dhcp as an IPAM section, talking to the node's daemon at {@code socket}. */
    static String ipam(Path socket) {
        return """
                {"type": "weft-dhcp", "daemonSocketPath": "%s", "timeout": "10s"}""".formatted(socket);
    }

    /** The node's conflist: weft-bridge on the DHCP segment with weft-dhcp. */
    static String conflist(String network, Path socket) {
        return """
                {"cniVersion": "1.1.0", "name": "%s", "plugins": [
                  {"type": "weft-bridge", "bridge": "%s", "isGateway": false, "ipMasq": false,
                   "ipam": %s}]}
                """.formatted(network, POD_BRIDGE, ipam(socket));
    }
}
