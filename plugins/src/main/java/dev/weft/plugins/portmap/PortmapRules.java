package dev.weft.plugins.portmap;

import dev.weft.cni.config.PortMapping;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.nft.Family;
import dev.weft.nft.NameHash;
import dev.weft.nft.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The port-mapping ruleset as nft transactions (pure; golden-tested). Each family has its own
 * table ({@code ip weft_portmap}, {@code ip6 weft_portmap}) with:
 * <ul>
 *   <li>three verdict maps: {@value #PORTS} ({@code proto . port}, for destinations the host owns),
 *       {@value #HOSTIP_PORTS} ({@code hostIP . proto . port}) and {@value #MASQ} (container
 *       address), each element jumping to one attachment's chain;</li>
 *   <li>{@code prerouting} and {@code output} (nat, priority -100): a lookup in
 *       {@value #HOSTIP_PORTS}, then, for {@code fib daddr type local}, in {@value #PORTS};
 *       {@code masquerading} (nat postrouting, priority 100): DNATed connections looked up in
 *       {@value #MASQ} by their (new) destination, the container;</li>
 *   <li>per attachment, {@code dnat_HASH} with its DNAT rules
 *       ({@code [conditions] [ip daddr HOSTIP] PROTO dport HOSTPORT dnat to CONTAINER:PORT}) and
 *       {@code masq_HASH} (maybe empty) with its masquerade rules: connections DNATed from its
 *       host ports that come from the container's subnet (hairpin) or 127.0.0.0/8 (the host's
 *       localhost), or every one with {@code masqAll}.</li>
 * </ul>
 * DEL is then one transaction built from the attachment's addresses and mappings, with no
 * listing: each element is added before it is deleted and each chain added before it is flushed
 * and deleted, so the transaction succeeds whether or not they are still there (nft 1.0.6 has no
 * {@code destroy}). The priorities are numbers because nft 1.0.6 refuses the {@code dstnat}
 * keyword in the output hook.
 */
final class PortmapRules {
    static final String TABLE = "weft_portmap";
    static final String PORTS = "ports";
    static final String HOSTIP_PORTS = "hostip_ports";
    static final String MASQ = "masq";
    static final String MASQUERADING = "masquerading";
    static final String DNAT_PREFIX = "dnat_";
    static final String MASQ_PREFIX = "masq_";
    /** The comment of the base chains' rules. */
    static final String STATIC = "weft:static";

    private PortmapRules() {
    }

    /** One attachment's port mappings: its rule tag, its first address of each family, its configuration. */
    record Attachment(String key, List<InterfaceAddress> addresses, PortmapConfig config) {
        Attachment {
            addresses = List.copyOf(addresses);
        }

        String dnatChain() {
            return DNAT_PREFIX + hash(key);
        }

        String masqChain() {
            return MASQ_PREFIX + hash(key);
        }
    }

    /** The chain-name suffix of an attachment: 24 hex digits of SHA-256 of its key. */
    static String hash(String key) {
        return NameHash.hex(key, 12);
    }

    static Family family(InterfaceAddress a) {
        return a.isV4() ? Family.IP : Family.IP6;
    }

    /**
     * ADD: the skeleton of each family the attachment has an address in (created when missing,
     * its base chains' rules flushed and put back, which repairs them), the attachment's chains
     * filled anew, and its elements (adding one that is there with the same verdict is a no-op, so
     * a repeated ADD is too). An element of another attachment with the same key makes nft refuse
     * the whole transaction ("File exists"): a host port is mapped to one container at a time.
     */
    static Transaction add(Attachment a) {
        Transaction tx = new Transaction();
        a.addresses().stream().map(PortmapRules::family).distinct().forEach(f -> skeleton(tx, f));
        for (InterfaceAddress addr : a.addresses()) {
            Family f = family(addr);
            tx.addChain(f, TABLE, a.dnatChain(), null).flushChain(f, TABLE, a.dnatChain());
            tx.addChain(f, TABLE, a.masqChain(), null).flushChain(f, TABLE, a.masqChain());
            dnatRules(addr, a.config()).forEach(r -> tx.addRule(f, TABLE, a.dnatChain(), r, a.key()));
            masqRules(addr, a.config()).forEach(r -> tx.addRule(f, TABLE, a.masqChain(), r, a.key()));
            addElements(tx, a, addr);
        }
        return tx;
    }

    /** DEL: the attachment's elements and chains, whether there or not, in one transaction. */
    static Transaction remove(Attachment a) {
        Transaction tx = new Transaction();
        for (InterfaceAddress addr : a.addresses()) {
            Family f = family(addr);
            removeElements(tx, a, addr);
            tx.flushChain(f, TABLE, a.dnatChain()).deleteChain(f, TABLE, a.dnatChain());
            tx.flushChain(f, TABLE, a.masqChain()).deleteChain(f, TABLE, a.masqChain());
        }
        return tx;
    }

    /** The table, its maps and base chains, the base chains' rules put back in order. */
    static void skeleton(Transaction tx, Family f) {
        String ipx = f == Family.IP ? "ip" : "ip6";
        String addr = f == Family.IP ? "ipv4_addr" : "ipv6_addr";
        tx.addTable(f, TABLE);
        tx.addMap(f, TABLE, PORTS, "type inet_proto . inet_service : verdict;");
        tx.addMap(f, TABLE, HOSTIP_PORTS, "type " + addr + " . inet_proto . inet_service : verdict;");
        tx.addMap(f, TABLE, MASQ, "type " + addr + " : verdict;");
        tx.addChain(f, TABLE, "prerouting", "type nat hook prerouting priority -100; policy accept;");
        tx.addChain(f, TABLE, "output", "type nat hook output priority -100; policy accept;");
        tx.addChain(f, TABLE, MASQUERADING, "type nat hook postrouting priority 100; policy accept;");
        for (String hook : List.of("prerouting", "output")) {
            tx.flushChain(f, TABLE, hook);
            tx.addRule(f, TABLE, hook, ipx + " daddr . meta l4proto . th dport vmap @" + HOSTIP_PORTS, STATIC);
            tx.addRule(f, TABLE, hook, "fib daddr type local meta l4proto . th dport vmap @" + PORTS, STATIC);
        }
        tx.flushChain(f, TABLE, MASQUERADING);
        tx.addRule(f, TABLE, MASQUERADING, "ct status dnat " + ipx + " daddr vmap @" + MASQ, STATIC);
    }

    /** The base chains' rules of a family, in order, as {@code chain: rule} (what CHECK expects). */
    static List<String> staticRules(Family f) {
        Transaction tx = new Transaction();
        skeleton(tx, f);
        return tx.lines().stream().filter(l -> l.startsWith("add rule "))
                .map(l -> l.substring(("add rule " + f.text() + " " + TABLE + " ").length()))
                .map(l -> l.replace(" comment \"" + STATIC + "\"", "")).toList();
    }

    private static void addElements(Transaction tx, Attachment a, InterfaceAddress addr) {
        Family f = family(addr);
        tx.addElements(f, TABLE, PORTS, jumps(portKeys(addr, a.config(), false), a.dnatChain()));
        tx.addElements(f, TABLE, HOSTIP_PORTS, jumps(portKeys(addr, a.config(), true), a.dnatChain()));
        tx.addElements(f, TABLE, MASQ, jumps(masqKeys(addr, a.config()), a.masqChain()));
    }

    /** Each element added (a no-op when there with the same verdict) then deleted: gone either way. */
    private static void removeElements(Transaction tx, Attachment a, InterfaceAddress addr) {
        Family f = family(addr);
        tx.addChain(f, TABLE, a.dnatChain(), null).addChain(f, TABLE, a.masqChain(), null);
        for (String map : List.of(PORTS, HOSTIP_PORTS, MASQ)) {
            List<String> keys = map.equals(MASQ) ? masqKeys(addr, a.config()) : portKeys(addr, a.config(), map.equals(HOSTIP_PORTS));
            String chain = map.equals(MASQ) ? a.masqChain() : a.dnatChain();
            tx.addElements(f, TABLE, map, jumps(keys, chain)).deleteElements(f, TABLE, map, keys);
        }
    }

    private static List<String> jumps(List<String> keys, String chain) {
        return keys.stream().map(k -> k + " : jump " + chain).toList();
    }

    /** The map keys of {@code addr}'s family: {@code proto . port}, or {@code hostIP . proto . port}. */
    static List<String> portKeys(InterfaceAddress addr, PortmapConfig c, boolean byHostIp) {
        Set<String> keys = new LinkedHashSet<>();
        for (PortMapping m : mappingsOf(addr, c)) {
            if (byHostIp(m) == byHostIp) {
                keys.add((byHostIp ? m.hostIp() + " . " : "") + m.protocol() + " . " + m.hostPort());
            }
        }
        return List.copyOf(keys);
    }

    /** The container's address, when there is anything to masquerade towards it. */
    static List<String> masqKeys(InterfaceAddress addr, PortmapConfig c) {
        return c.snat() && !mappingsOf(addr, c).isEmpty() ? List.of(addr.address().toString()) : List.of();
    }

    /** The mappings that apply to {@code addr}'s family (a hostIP of the other family does not). */
    private static List<PortMapping> mappingsOf(InterfaceAddress addr, PortmapConfig c) {
        return c.mappings().stream().filter(m -> m.hostIp() == null || m.hostIp().isV4() == addr.isV4()).toList();
    }

    private static boolean byHostIp(PortMapping m) {
        return m.hostIp() != null && !m.hostIp().isUnspecified();
    }

    /** The DNAT rules of {@code container}. */
    static List<String> dnatRules(InterfaceAddress container, PortmapConfig c) {
        String ipx = container.isV4() ? "ip" : "ip6";
        String conditions = c.conditions(container.isV4());
        List<String> out = new ArrayList<>();
        for (PortMapping m : mappingsOf(container, c)) {
            StringBuilder r = new StringBuilder();
            if (!conditions.isEmpty()) {
                r.append(conditions).append(' ');
            }
            if (byHostIp(m)) {
                r.append(ipx).append(" daddr ").append(m.hostIp()).append(' ');
            }
            r.append(m.protocol()).append(" dport ").append(m.hostPort()).append(" dnat to ")
                    .append(target(container.address(), m.containerPort()));
            out.add(r.toString());
        }
        return out;
    }

    /** The masquerade rules of {@code container} (none without {@code snat}). */
    static List<String> masqRules(InterfaceAddress container, PortmapConfig c) {
        Set<String> out = new LinkedHashSet<>();
        if (c.snat()) {
            mappingsOf(container, c).forEach(m -> out.add(masquerade(container, m, c.masqAll())));
        }
        return List.copyOf(out);
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
