package dev.weft.plugins.net;

/** Opens network namespaces: the plugin's own, and containers' by path. */
public interface Kernel {

    /** The namespace this process runs in (the host side of a plugin). */
    Namespace current();

    /**
     * The namespace at {@code path} (e.g. {@code /run/netns/x} or {@code /proc/PID/ns/net}).
     * Throws a CNI error naming the path when it does not exist.
     */
    Namespace open(String path);

    /**
     * Removes a container's interface at DEL ({@code ns} is the namespace at {@code path}): by
     * default now. {@link ReapingKernel} takes it out of service and deletes it in the background.
     */
    default void retire(String path, Namespace ns, Link link) {
        ns.delete(link);
    }
}
