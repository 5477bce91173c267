package dev.weft.bench.cni;

import dev.weft.netlink.sys.Spawn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How the benchmark starts a plugin executable. Container runtimes are Go programs: containerd
 * and podman fork/exec a plugin in about a millisecond; the JVM's {@code ProcessBuilder} execs a
 * helper first and costs several. {@link #POSIX} spawns as a runtime does, so a figure is the
 * plugin's cost plus a runtime's, not a JVM's.
 */
enum Spawner {
    /** {@code posix_spawn(3)} through FFM: one clone(CLONE_VFORK) and one exec, like Go's os/exec. */
    POSIX {
        @Override
        Spawn.Result run(List<String> argv, Map<String, String> env, byte[] stdin) {
            return Spawn.run(argv, env, stdin);
        }
    },
    /** The JVM's ProcessBuilder (jspawnhelper, then the program): what the benchmark did before. */
    JVM {
        @Override
        Spawn.Result run(List<String> argv, Map<String, String> env, byte[] stdin) {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(env);
            try {
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException ignored) {
                    // the program did not read its input; its exit status tells
                }
                var err = p.getErrorStream();
                byte[][] errBox = new byte[1][];
                Thread t = Thread.ofVirtual().start(() -> {
                    try {
                        errBox[0] = err.readAllBytes();
                    } catch (IOException e) {
                        errBox[0] = new byte[0];
                    }
                });
                byte[] out = p.getInputStream().readAllBytes();
                int exit = p.waitFor();
                t.join();
                return new Spawn.Result(exit, out, errBox[0]);
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + argv, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    };

    /** Runs {@code argv} with exactly {@code env}, feeding {@code stdin}; returns once it exited. */
    abstract Spawn.Result run(List<String> argv, Map<String, String> env, byte[] stdin);

    static Spawner parse(String s) {
        return switch (s) {
            case "posix" -> POSIX;
            case "jvm" -> JVM;
            default -> throw new IllegalArgumentException("--spawn must be posix or jvm, not \"" + s + "\"");
        };
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
