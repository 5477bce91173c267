package dev.weft.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test underlay: a fabric namespace with a bridge, node namespaces plugged into it, and an
 * optional router namespace joining two subnets. {@link #close()} deletes every namespace.
 */
final class Fabric implements AutoCloseable {
    final String id = UUID.randomUUID().toString().substring(0, 5);
    private final List<String> namespaces = new ArrayList<>();
    final String fabric;
    private int ports;

    Fabric() {
        fabric = ns("fabric");
        sh("ip", "-n", fabric, "link", "add", "fab0", "type", "bridge");
        sh("ip", "-n", fabric, "link", "set", "fab0", "up");
    }

    static String sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 && cmd[0].equals("ip") && !cmd[1].equals("netns")) {
                throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String ns(String name) {
        String n = "wtg-" + name + "-" + id;
        sh("ip", "netns", "add", n);
        namespaces.add(n);
        sh("ip", "-n", n, "link", "set", "lo", "up");
        return n;
    }

    /** Plugs {@code ns} into the fabric bridge as {@code ifName} with {@code address}. */
    void plug(String ns, String ifName, String address) {
        String port = "p" + (++ports) + id;
        sh("ip", "-n", fabric, "link", "add", port, "type", "veth", "peer", "name", ifName, "netns", ns);
        sh("ip", "-n", fabric, "link", "set", port, "master", "fab0", "up");
        sh("ip", "-n", ns, "addr", "add", address, "dev", ifName);
        sh("ip", "-n", ns, "link", "set", ifName, "up");
    }

    String node(String name, String address) {
        String n = ns(name);
        plug(n, "eth0", address);
        return n;
    }

    /** A router namespace with a leg in each subnet and forwarding on (in its own namespace only). */
    String router(String addressA, String addressB) {
        String r = ns("router");
        plug(r, "ra", addressA);
        plug(r, "rb", addressB);
        sh("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        return r;
    }

    @Override
    public void close() {
        for (String n : namespaces.reversed()) {
            sh("ip", "netns", "del", n);
        }
    }
}
