package dev.weft.plugins.portmap;

import dev.weft.cni.config.PortMapping;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.nft.TaggedTable.Chain;
import dev.weft.nft.TaggedTable.Placed;
import dev.weft.nft.TaggedTable.Skeleton;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The port-mapping rules of one container address, as nftables rule text (pure; golden-tested).
 * Each family has its own table ({@code ip weft_portmap}, {@code ip6 weft_portmap}) with:
 * <ul>
 *   <li>{@code prerouting} and {@code output} (nat, priority -100): static jumps to
 *       {@code hostip_hostports} and, for destinations the host owns ({@code fib daddr type local}),
 *       to {@code hostports};</li>
 *   <li>{@code hostports} / {@code hostip_hostports}: per mapping
 *       {@code [conditions] [ip daddr HOSTIP] PROTO dport HOSTPORT dnat to CONTAINER:PORT};</li>
 *   <li>{@code masquerading} (nat postrouting, priority 100): per mapping, connections that were
 *       DNATed from that host port and come from the container's own subnet (hairpin: the container
 *       itself, or a neighbour on its bridge, whose replies would otherwise bypass the host) or from
 *       127.0.0.0/8 (the host's localhost) are masqueraded; with {@code masqAll}, every one.</li>
 * </ul>
 * The priorities are numbers because nft 1.0.6 refuses the {@code dstnat} keyword in the output hook.
 */
final class PortmapRules {
    static final String TABLE = "weft_portmap";
    static final String HOSTPORTS = "hostports";
    static final String HOSTIP_HOSTPORTS = "hostip_hostports";
    static final String MASQUERADING = "masquerading";

    private PortmapRules() {
    }

    /** Chains and static jumps, the same for both families. */
    static Skeleton skeleton() {
        List<Placed> statics = new ArrayList<>();
        for (String hook : List.of("prerouting", "output")) {
            statics.add(new Placed(hook, "jump " + HOSTIP_HOSTPORTS));
            statics.add(new Placed(hook, "fib daddr type local jump " + HOSTPORTS));
        }
        return new Skeleton(List.of(
                new Chain("prerouting", "type nat hook prerouting priority -100; policy accept;"),
                new Chain("output", "type nat hook output priority -100; policy accept;"),
                new Chain(MASQUERADING, "type nat hook postrouting priority 100; policy accept;"),
                Chain.regular(HOSTPORTS),
                Chain.regular(HOSTIP_HOSTPORTS)), statics);
    }

    /** The rules for {@code container} (one address, its family's table). */
    static List<Placed> rules(InterfaceAddress container, PortmapConfig c) {
        boolean v4 = container.isV4();
        String ipx = v4 ? "ip" : "ip6";
        String conditions = c.conditions(v4);
        List<Placed> dnat = new ArrayList<>();
        Set<Placed> masq = new LinkedHashSet<>();
        for (PortMapping m : c.mappings()) {
            IpAddress hostIp = m.hostIp();
            if (hostIp != null && hostIp.isV4() != v4) {
                continue; // a host address of the other family: that family's table has it
            }
            boolean byAddress = hostIp != null && !hostIp.isUnspecified();
            StringBuilder r = new StringBuilder();
            if (!conditions.isEmpty()) {
                r.append(conditions).append(' ');
            }
            if (byAddress) {
                r.append(ipx).append(" daddr ").append(hostIp).append(' ');
            }
            r.append(m.protocol()).append(" dport ").append(m.hostPort()).append(" dnat to ")
                    .append(target(container.address(), m.containerPort()));
            dnat.add(new Placed(byAddress ? HOSTIP_HOSTPORTS : HOSTPORTS, r.toString()));
            if (c.snat()) {
                masq.add(new Placed(MASQUERADING, masquerade(container, m, c.masqAll())));
            }
        }
        List<Placed> all = new ArrayList<>(dnat);
        all.addAll(masq);
        return all;
    }

    private static String target(IpAddress a, int port) {
        return (a.isV4() ? a.toString() : "[" + a + "]") + ":" + port;
    }

    private static String masquerade(InterfaceAddress container, PortMapping m, boolean all) {
        String ipx = container.isV4() ? "ip" : "ip6";
        String sources = container.isV4() ? "{ " + container.network() + ", 127.0.0.0/8 } " : "{ " + container.network() + " } ";
        return (all ? "" : ipx + " saddr " + sources) + ipx + " daddr " + container.address() + " " + m.protocol()
                + " dport " + m.containerPort() + " ct status dnat ct original proto-dst " + m.hostPort() + " masquerade";
    }
}
