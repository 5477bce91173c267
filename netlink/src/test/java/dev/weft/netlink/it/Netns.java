package dev.weft.netlink.it;

import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A throwaway named namespace ({@code wtnl-} + random) with a weft handle inside it, for one test.
 * Closing it closes the handle and removes the namespace, which takes every link in it along.
 * {@link #ip} and {@link #json} run iproute2 inside it — in tests only, as the independent witness.
 */
public final class Netns implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final String name;
    public final NetNs ns;
    public final Netlink nl;

    private Netns(String name, NetNs ns, Netlink nl) {
        this.name = name;
        this.ns = ns;
        this.nl = nl;
    }

    /** Skips the calling test with a reason unless running as root. */
    public static void assumeRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) to create network namespaces");
    }

    /** A fresh namespace; the caller must close it (in @AfterEach or try-with-resources). */
    public static Netns create(String tag) {
        String name = "wtnl-" + tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        NetNs ns = NetNs.create(name);
        try {
            return new Netns(name, ns, Netlink.open(ns));
        } catch (RuntimeException e) {
            ns.close();
            NetNs.delete(name);
            throw e;
        }
    }

    /** Closes quietly, for teardown of several. */
    public static void closeAll(Netns... all) {
        for (Netns n : all) {
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
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
