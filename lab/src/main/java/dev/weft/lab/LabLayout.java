package dev.weft.lab;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a lab's pieces live and what they are called, derived from the lab's name alone, so that
 * {@code weft lab down} can find everything a crashed lab left behind:
 * <ul>
 *   <li>namespaces {@code wl-NAME-fabric}, {@code wl-NAME-router}, {@code wl-NAME-NODE} and
 *       {@code wl-NAME-NODE-POD} (every one starts with {@link #prefix()});</li>
 *   <li>state under {@code /run/weft-lab/NAME} (tmpfs, gone after a reboot like the namespaces).</li>
 * </ul>
 * The underlay is 172.30.0.0/24 on one bridge ({@code l2}); with {@code l3}, even-numbered nodes
 * sit on 172.30.1.0/24 behind a router namespace holding .1 on both subnets. The fabric namespace
 * holds 172.30.0.2 (etcd listens there).
 */
public record LabLayout(String name, Path root) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final Pattern POD = Pattern.compile("([a-z0-9][a-z0-9-]{0,30}/)?[a-z0-9][a-z0-9-]{0,30}");
    public static final Path DEFAULT_ROOT = Path.of("/run/weft-lab");
    public static final Cidr NETWORK = Cidr.parse("10.244.0.0/16");
    static final IpAddress FABRIC_IP = IpAddress.parse("172.30.0.2");

    public LabLayout {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name \"" + name + "\": a lab name is 1-12 of [a-z0-9], starting with a letter");
        }
    }

    public static LabLayout of(String name) {
        return new LabLayout(name, DEFAULT_ROOT);
    }

    /** Checks a pod name: {@code POD} or {@code NAMESPACE/POD}, DNS-label characters. */
    public static String checkPod(String pod) {
        if (pod == null || !POD.matcher(pod).matches()) {
            throw new IllegalArgumentException("pod \"" + pod + "\": expected NAME or NAMESPACE/NAME of [a-z0-9-]");
        }
        return pod.contains("/") ? pod : "default/" + pod;
    }

    public String prefix() {
        return "wl-" + name + "-";
    }

    public String fabricNs() {
        return prefix() + "fabric";
    }

    public String routerNs() {
        return prefix() + "router";
    }

    public String nodeNs(String node) {
        return prefix() + node;
    }

    public String podNs(String node, String pod) {
        return prefix() + node + "-" + checkPod(pod).replace('/', '-');
    }

    public Path dir() {
        return root.resolve(name);
    }

    public Path nodeDir(String node) {
        return dir().resolve("nodes").resolve(node);
    }

    public static String nodeName(int i) {
        return "n" + i;
    }

    /** Node {@code i} (from 1): its underlay subnet index (0 or 1) for the topology. */
    static int side(int i, Topology t) {
        return t == Topology.L3 && i % 2 == 0 ? 1 : 0;
    }

    /** Node {@code i}'s underlay address, with the prefix length. */
    static String nodeAddress(int i, Topology t) {
        if (i < 1 || i > 240) {
            throw new IllegalArgumentException("a lab has 1 to 240 nodes, not " + i);
        }
        return "172.30." + side(i, t) + "." + (10 + i) + "/24";
    }

    /** The router's address on a node's side (its default gateway with {@code l3}). */
    static IpAddress gateway(int side) {
        return IpAddress.parse("172.30." + side + ".1");
    }
}
