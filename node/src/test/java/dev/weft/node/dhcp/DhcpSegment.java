package dev.weft.node.dhcp;

import dev.weft.testkit.Dnsmasq;
import dev.weft.testkit.Fabric;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;

import java.nio.file.Path;

/**
 * A DHCP segment as the lab builds it: the fabric's bridge {@code fab0} (192.0.2.1/24) with
 * dnsmasq serving 192.0.2.50-99 (router .1, DNS .53, domain weft.test, {@code --no-ping}); a
 * "host" namespace whose bridge {@code wdh0} has the port {@code up0} into the fabric, so pods on
 * {@code wdh0} are on the fabric's segment; and one pod namespace.
 */
final class DhcpSegment implements AutoCloseable {
    final Fabric fabric;
    final String host;
    final String pod;
    final Path dir;
    Dnsmasq dnsmasq;

    DhcpSegment(Netns ns, Path dir) {
        this.dir = dir;
        fabric = new Fabric(ns);
        Proc.sh("ip", "-n", fabric.fabric(), "addr", "add", "192.0.2.1/24", "dev", "fab0");
        host = fabric.namespace("dh");
        pod = fabric.namespace("dp");
        Proc.sh("ip", "-n", fabric.fabric(), "link", "add", "hp0", "type", "veth", "peer", "name", "up0", "netns", host);
        Proc.sh("ip", "-n", fabric.fabric(), "link", "set", "hp0", "master", "fab0", "up");
        Proc.sh("ip", "-n", host, "link", "add", "wdh0", "type", "bridge");
        Proc.sh("ip", "-n", host, "link", "set", "up0", "master", "wdh0", "up");
        Proc.sh("ip", "-n", host, "link", "set", "wdh0", "up");
        Proc.sh("ip", "-n", pod, "link", "set", "lo", "up");
    }

    DhcpSegment serve() {
        dnsmasq = Dnsmasq.start(fabric.fabric(), "fab0", dir, "192.0.2.50", "192.0.2.99", "--no-ping",
                "--dhcp-option=3,192.0.2.1", "--dhcp-option=6,192.0.2.53", "--dhcp-option=15,weft.test");
        return this;
    }

    /**
     * A plain port into the fabric for macvlan: {@code um0} in the host namespace (not on a bridge:
     * a bridge port cannot also be a macvlan parent), its peer {@code hm0} on {@code fab0}.
     */
    DhcpSegment macvlanParent() {
        Proc.sh("ip", "-n", fabric.fabric(), "link", "add", "hm0", "type", "veth", "peer", "name", "um0", "netns", host);
        Proc.sh("ip", "-n", fabric.fabric(), "link", "set", "hm0", "master", "fab0", "up");
        Proc.sh("ip", "-n", host, "link", "set", "um0", "up");
        return this;
    }

    /** weft-macvlan (bridge mode) on {@code um0} with weft-dhcp. */
    static String macvlanConf() {
        return """
                {"cniVersion": "1.1.0", "name": "lan", "type": "weft-macvlan", "master": "um0", "mode": "bridge",
                 "ipam": {"type": "weft-dhcp"}}""";
    }

    String podPath() {
        return Netns.path(pod);
    }

    /** weft-bridge on {@code wdh0} (no gateway address, no NAT) with weft-dhcp. */
    static String conf(String ipamExtra) {
        return """
                {"cniVersion": "1.1.0", "name": "lan", "type": "weft-bridge", "bridge": "wdh0", "isGateway": false,
                 "ipMasq": false, "ipam": {"type": "weft-dhcp"%s}}""".formatted(ipamExtra);
    }

    @Override
    public void close() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }
}
