package dev.weft.cli.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Test-only helpers around {@code ip netns}: throwaway namespaces with unique names, removed by
 * {@link #close()} even when the test failed. Tests may use {@code ip}; product code may not.
 */
public final class Netns implements AutoCloseable {
    private final List<String> names = new ArrayList<>();

    /** Creates a namespace named {@code prefix-<random>} and returns its name. */
    public String create(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Proc r = run(List.of("ip", "netns", "add", name));
        if (r.exit() != 0) {
            throw new IllegalStateException("ip netns add " + name + ": " + r.err());
        }
        names.add(name);
        run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    /** Output of a finished process. */
    public record Proc(int exit, String out, String err) {
    }

    public static Proc run(List<String> cmd) {
        return run(cmd, java.util.Map.of());
    }

    public static Proc run(List<String> cmd, java.util.Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            var out = Thread.ofVirtual().start(() -> { });
            byte[] o = p.getInputStream().readAllBytes();
            byte[] e = p.getErrorStream().readAllBytes();
            out.join();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            return new Proc(p.exitValue(), new String(o, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command inside a namespace. */
    public static Proc exec(String netns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(cmd));
        return run(full);
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public void close() {
        for (String n : names.reversed()) {
            run(List.of("ip", "netns", "del", n));
        }
        names.clear();
    }
}
