package dev.weft.netlink.it;

import dev.weft.testkit.Proc;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;


/**
 * A throwaway named namespace ({@code wtnl-} + random) with a weft handle inside it, for one test.
 * Closing it closes the handle and removes the namespace, which takes every link in it along.
 * {@link #ip} and {@link #json} run iproute2 inside it — in tests only, as the independent witness.
 */
public final class TestNs implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final String name;
    public final NetNs ns;
    public final Netlink nl;

    private TestNs(String name, NetNs ns, Netlink nl) {
        this.name = name;
        this.ns = ns;
        this.nl = nl;
    }

    /** A fresh namespace; the caller must close it (in @AfterEach or try-with-resources). */
    public static TestNs create(String tag) {
        String name = "wtnl-" + tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        NetNs ns = NetNs.create(name);
        try {
            return new TestNs(name, ns, Netlink.open(ns));
        } catch (RuntimeException e) {
            ns.close();
            NetNs.delete(name);
            throw e;
        }
    }

    /** Closes quietly, for teardown of several. */
    public static void closeAll(TestNs... all) {
        for (TestNs n : all) {
            if (n != null) {
                n.close();
            }
        }
    }

    /** {@code ip -n NAME args...}, stdout and stderr. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** {@code ip -n NAME -j args...} parsed. */
    public JsonNode json(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name, "-j"));
        cmd.addAll(List.of(args));
        return parse(run(cmd.toArray(String[]::new)));
    }

    /** {@code bridge -n NAME -j args...} parsed. */
    public JsonNode bridgeJson(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bridge", "-n", name, "-j"));
        cmd.addAll(List.of(args));
        return parse(run(cmd.toArray(String[]::new)));
    }

    static JsonNode parse(String text) {
        String t = text.isBlank() ? "[]" : text;
        return JSON.readTree(t);
    }

    /** Runs a command and returns its combined output. */
    public static String run(String... cmd) {
        Proc.Result r = Proc.run(cmd);
        return r.out() + r.err();
    }

    /** The JSON object of link {@code dev} from {@code ip -d -j link show}. */
    public JsonNode link(String dev) {
        JsonNode arr = json("-d", "link", "show", "dev", dev);
        return arr.isArray() && !arr.isEmpty() ? arr.get(0) : tools.jackson.databind.node.MissingNode.getInstance();
    }

    @Override
    public void close() {
        try {
            nl.close();
        } finally {
            try {
                ns.close();
            } finally {
                NetNs.delete(name);
            }
        }
    }
}
