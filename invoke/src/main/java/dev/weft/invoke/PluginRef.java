package dev.weft.invoke;

import java.nio.file.Path;

/**
 * A plugin as {@link PluginExec#find} found it: an executable file, or a plugin the exec runs in
 * its own JVM (the node agent's and the JVM path's weft plugins). The type is the config's
 * {@code type}, which names the plugin in every error.
 */
public sealed interface PluginRef {
    String type();

    /** An executable on {@code CNI_PATH}. */
    record Executable(String type, Path path) implements PluginRef {
    }

    /** A plugin the exec that found it runs in-process. */
    record InProcess(String type) implements PluginRef {
    }
}
