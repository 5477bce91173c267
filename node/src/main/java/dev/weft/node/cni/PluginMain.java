package dev.weft.node.cni;

import dev.weft.node.plugins.PluginCatalog;
import dev.weft.sdk.Skel;

/**
 * The JVM path's entry point, {@code PluginMain NAME}: runs weft's plugin NAME for one CNI call,
 * with its weft delegates ({@code weft} → {@code weft-bridge} → {@code weft-host-local}) in the
 * same JVM, as the agent runs them. A chain then costs one JVM start, not one per plugin; any
 * delegate that is not weft's (the reference portmap, say) still runs as a process.
 */
public final class PluginMain {
    private PluginMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: PluginMain PLUGIN (one of " + PluginCatalog.executables().keySet() + ")");
            System.exit(2);
        }
        var plugin = InProcessExec.oneShot().plugin(args[0]);
        if (plugin.isEmpty()) {
            System.err.println("PluginMain: weft has no plugin \"" + args[0] + "\"");
            System.exit(2);
        }
        Skel.main(plugin.get());
    }
}
