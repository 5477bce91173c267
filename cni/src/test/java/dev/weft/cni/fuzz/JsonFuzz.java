package dev.weft.cni.fuzz;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Generators for fuzzing weft's parsers of outside input: JSON values biased towards what CNI
 * parsers meet (addresses, CIDRs, versions, paths, names, numbers at the edges), and structural
 * mutations of a valid document (a value replaced, removed, wrapped, moved; a key added). Shared
 * by the fuzz tests of cni, sdk, ipam and plugins through cni's test jar.
 */
public final class JsonFuzz {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Keys the parsers read, so that added keys reach them. */
    public static final List<String> KEYS = List.of("cniVersion", "cniVersions", "name", "type", "plugins",
            "capabilities", "ipam", "ranges", "subnet", "rangeStart", "rangeEnd", "gateway", "routes", "dst", "gw",
            "dataDir", "resolvConf", "args", "cni", "ips", "runtimeConfig", "portMappings", "ipRanges", "bandwidth",
            "dns", "mac", "aliases", "deviceID", "cgroupPath", "prevResult", "interfaces", "sandbox", "address",
            "interface", "version", "bridge", "isGateway", "isDefaultGateway", "forceAddress", "mtu", "vlan", "ipMasq",
            "ipMasqNetwork", "hairpinMode", "promiscMode", "macspoofchk", "master", "mode", "linkInContainer", "device",
            "hwaddr", "kernelpath", "pciBusID", "subnetFile", "ipamDataDir", "delegate", "addresses", "nameservers",
            "search", "options", "domain", "cni.dev/valid-attachments", "containerID", "ifname", "hostPort",
            "containerPort", "protocol", "hostIP", "ingressRate", "ingressBurst", "egressRate", "egressBurst",
            "servers", "searches", "disableCheck", "disableGC", "loadOnlyInlinedPlugins", "priority", "table", "scope",
            "advmss", "socketPath", "pciID", "");

    /** Strings a parser should refuse cleanly, or accept. */
    private static final List<String> TRICKY = List.of("", " ", "0", "-1", "true", "null", "1.1.0", "1.0.0", "0.4.0",
            "0.3.1", "0.2.0", "0.1.0", "9.9.9", "1.1", "10.0.0.0/024", "10.0.0.0/33", "10.1.2.0/24", "10.1.2.3/24",
            "10.1.2.1", "10.1.2.300", "1.2.3", "::/129", "::/0", "fd00::1/64", "fd00::1", "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "[::1]", "0.0.0.0/0", "255.255.255.255/32", "010.1.1.1",
            "02:42:ac:11:00:02", "zz:zz", "eth0", "this-name-is-too-long", "a/b", "..", ".", "../../x", "/",
            "/tmp/../etc", "relative/path", "/proc/self/ns/net", "weft-host-local", "weft-bridge", "weft-static",
            "bridge", "vepa", "passthru", "source", "tcp", "sctp", "0000:3d:00.1", "a\u0000b", "\u202e\u0301",
            "K8S_POD_NAME=x", "x".repeat(300), "1e309", "-0", "NaN", "%s%n", "${jndi:x}");

    private JsonFuzz() {
    }

    /** Tricky strings, and arbitrary ones. */
    public static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.of(TRICKY)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20)));
    }

    /** Random IPv4 addresses, biased to the edges (octets 0, 1, 254, 255). */
    public static Arbitrary<String> ipv4s() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 255), Arbitraries.of(0, 1, 254, 255)).list().ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
    }

    /** Random IPv6 addresses, biased to the edges (groups 0, 1, fffe, ffff). */
    public static Arbitrary<String> ipv6s() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 0xffff), Arbitraries.of(0, 1, 0xfffe, 0xffff))
                .list().ofSize(8).map(l -> String.join(":", l.stream().map(Integer::toHexString).toList()));
    }

    /** Addresses of either family, and the special ones. */
    public static Arbitrary<String> ips() {
        return Arbitraries.oneOf(ipv4s(), ipv6s(), Arbitraries.of("0.0.0.0", "255.255.255.255", "::", "::1",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::ffff:10.0.0.1", "fe80::1", "224.0.0.1"));
    }

    /** {@code address/prefix} of one family, prefixes biased to the edges, sometimes one past the end. */
    public static Arbitrary<String> cidrs(boolean v4) {
        int bits = v4 ? 32 : 128;
        Arbitrary<Integer> len = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, bits)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(0, 1, bits - 1, bits)), net.jqwik.api.Tuple.of(1, Arbitraries.just(bits + 1)));
        Arbitrary<String> ip = v4 ? Arbitraries.oneOf(ipv4s(), Arbitraries.of("0.0.0.0", "255.255.255.255"))
                : Arbitraries.oneOf(ipv6s(), Arbitraries.of("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        return Combinators.combine(ip, len).as((a, l) -> a + "/" + l);
    }

    /** {@code address/prefix} of either family. */
    public static Arbitrary<String> cidrs() {
        return Arbitraries.oneOf(cidrs(true), cidrs(false));
    }

    /** Any JSON value, nested up to {@code depth}. */
    public static Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                strings().map(F::stringNode),
                Arbitraries.of(0, 1, -1, 68, 4094, 4095, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE)
                        .map(i -> (JsonNode) F.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
                Arbitraries.of(new BigInteger("99999999999999999999999"), BigInteger.TWO.pow(64))
                        .map(b -> (JsonNode) F.numberNode(b)),
                Arbitraries.of(0.5, -1.5, 1e300, Double.MIN_VALUE).map(d -> (JsonNode) F.numberNode(d)),
                Arbitraries.of(new BigDecimal("1e400")).map(d -> (JsonNode) F.numberNode(d)),
                Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b)),
                Arbitraries.just(F.nullNode()));
        if (depth <= 0) {
            return scalar;
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> values(depth - 1));
        Arbitrary<JsonNode> array = child.list().ofMaxSize(3).map(l -> {
            ArrayNode a = F.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Combinators.combine(Arbitraries.of(KEYS), child).as(Field::new)
                .list().ofMaxSize(3).map(l -> {
                    ObjectNode o = F.objectNode();
                    l.forEach(f -> o.set(f.key(), f.value()));
                    return o;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object));
    }

    private record Field(String key, JsonNode value) {
    }

    /** One structural change; {@link #apply} picks its place by {@code where}. */
    public record Edit(int where, int op, JsonNode value, String key) {
    }

    public static Arbitrary<Edit> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 5),
                values(2), Arbitraries.of(KEYS)).as(Edit::new);
    }

    /** {@code template} after 1 to 5 edits (the template itself is never changed). */
    public static Arbitrary<ObjectNode> mutationsOf(ObjectNode template) {
        return edits().list().ofMinSize(1).ofMaxSize(5).map(list -> {
            ObjectNode doc = template.deepCopy();
            list.forEach(e -> apply(doc, e));
            return doc;
        });
    }

    /** Applies {@code e} at one of the document's places (a field or an element). */
    public static void apply(ObjectNode doc, Edit e) {
        List<Place> places = new ArrayList<>();
        collect(doc, places);
        List<ObjectNode> objects = new ArrayList<>();
        objects(doc, objects);
        switch (e.op()) {
            case 0 -> { // add a key the parsers read, with any value
                objects.get(e.where() % objects.size()).set(e.key(), e.value());
            }
            default -> {
                if (places.isEmpty()) {
                    doc.set(e.key(), e.value());
                    return;
                }
                Place p = places.get(e.where() % places.size());
                JsonNode current = p.get();
                switch (e.op()) {
                    case 1 -> p.set(e.value());
                    case 2 -> p.remove();
                    case 3 -> p.set(F.arrayNode().add(current.deepCopy()));
                    case 4 -> p.set(places.get((e.where() / 7) % places.size()).get().deepCopy());
                    default -> p.set(F.nullNode());
                }
            }
        }
    }

    /** A field of an object or an element of an array. */
    private record Place(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode v) {
            if (field != null) {
                ((ObjectNode) parent).set(field, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void collect(JsonNode n, List<Place> out) {
        if (n instanceof ObjectNode o) {
            for (String f : o.propertyNames()) {
                out.add(new Place(o, f, -1));
                collect(o.get(f), out);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Place(a, null, i));
                collect(a.get(i), out);
            }
        }
    }

    private static void objects(JsonNode n, List<ObjectNode> out) {
        if (n instanceof ObjectNode o) {
            out.add(o);
        }
        n.forEach(c -> objects(c, out));
    }

    /**
     * Runs {@code parse}: returning is fine, and so is a {@link CniException} with a code other
     * than 999; anything else escapes (the property fails, jqwik shrinks the input). Returns the
     * outcome, {@code ok} or {@code code N}.
     */
    public static String onlyCniErrors(Runnable parse) {
        try {
            parse.run();
            return "ok";
        } catch (CniException e) {
            if (e.code() == CniErrorCode.INTERNAL.code()) {
                throw new AssertionError("bad input gave code 999: " + e, e);
            }
            return "code " + e.code();
        }
    }

    /**
     * Counts an outcome ({@code ok}, {@code code 7}…) in the property's statistics, printed with
     * its report: a generator whose inputs never get past the first check shows there.
     */
    public static void count(String outcome) {
        Statistics.collect(outcome);
    }
}
