package dev.weft.sdk;

import dev.weft.invoke.PluginExec;
import dev.weft.invoke.ProcessExec;

import java.io.IOException;
import java.util.function.Function;

/** The few lines a plugin's {@code main} needs: real process I/O into the {@link Dispatcher}. */
public final class Skel {
    private Skel() {
    }

    /**
     * Runs the plugin that {@code wiring} makes around a process exec (its delegates run as
     * executables on {@code CNI_PATH}), as {@link #main(Plugin)} does.
     */
    public static void main(Function<PluginExec, ? extends Plugin> wiring) {
        main(wiring.apply(new ProcessExec()));
    }

    /** Runs the plugin against this process's env and streams and exits with the CNI exit code. */
    public static void main(Plugin plugin) {
        byte[] stdin;
        try {
            stdin = System.in.readAllBytes();
        } catch (IOException e) {
            stdin = new byte[0];
        }
        int code = new Dispatcher(plugin).run(System.getenv(), stdin, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }
}
