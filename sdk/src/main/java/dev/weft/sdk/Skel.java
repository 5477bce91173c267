package dev.weft.sdk;

import java.io.IOException;

/** The few lines a plugin's {@code main} needs: real process I/O into the {@link Dispatcher}. */
public final class Skel {
    private Skel() {
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
