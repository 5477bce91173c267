package dev.weft.testkit;

import java.util.UUID;

/**
 * A test underlay: a "fabric" namespace with a bridge, node namespaces plugged into it, and
 * optionally a router namespace joining two subnets. Every namespace comes from a {@link Netns}
 * (the test's, or one of its own), so it is removed after the test with everything inside it;
 * nothing here touches the namespace the test runs in.
 */
public final class Fabric implements AutoCloseable {
    private final Netns netns;
    private final boolean ownsNetns;
    private final String id = UUID.randomUUID().toString().substring(0, 5);
    private final String fabric;
    private int ports;

    /** A fabric whose namespaces belong to {@code netns} (a test's extension). */
    public Fabric(Netns netns) {
        this(netns, false);
    }

    /** A fabric owning its namespaces: {@link #close()} removes them. */
    public Fabric() {
        this(new Netns(), true);
    }

    private Fabric(Netns netns, boolean ownsNetns) {
        this.netns = netns;
        this.ownsNetns = ownsNetns;
        this.fabric = netns.create("wtf-fab");
        Proc.sh("ip", "-n", fabric, "link", "add", "fab0", "type", "bridge");
        Proc.sh("ip", "-n", fabric, "link", "set", "fab0", "up");
    }

    /** The fabric namespace, where the bridge {@code fab0} is. */
    public String fabric() {
        return fabric;
    }

    /** A new namespace called {@code wtf-NAME-XXXXXXXX}, not plugged in. */
    public String namespace(String name) {
        return netns.create("wtf-" + name);
    }

    /** Plugs {@code ns} into the fabric bridge as {@code ifName} with {@code address} (CIDR notation). */
    public void plug(String ns, String ifName, String address) {
        String port = "p" + (++ports) + id;
        Proc.sh("ip", "-n", fabric, "link", "add", port, "type", "veth", "peer", "name", ifName, "netns", ns);
        Proc.sh("ip", "-n", fabric, "link", "set", port, "master", "fab0", "up");
        Proc.sh("ip", "-n", ns, "addr", "add", address, "dev", ifName);
        Proc.sh("ip", "-n", ns, "link", "set", ifName, "up");
    }

    /** A node namespace with {@code eth0} on the fabric at {@code address}. */
    public String node(String name, String address) {
        String n = namespace(name);
        plug(n, "eth0", address);
        return n;
    }

    /** A router namespace with a leg in each subnet ({@code ra}, {@code rb}) and forwarding on in it only. */
    public String router(String addressA, String addressB) {
        String r = namespace("router");
        plug(r, "ra", addressA);
        plug(r, "rb", addressB);
        Proc.inNetns(r, "sysctl", "-qw", "net.ipv4.ip_forward=1").check();
        return r;
    }

    @Override
    public void close() {
        if (ownsNetns) {
            netns.close();
        }
    }
}
