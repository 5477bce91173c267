package dev.weft.doctor.probe;

import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway network namespace for a probe ({@code weft-doctor-PID-N}), with a netlink handle
 * inside it; closing it deletes the namespace and every device made in it, also when the probe
 * failed halfway. Nothing a probe does in here touches the node's own networking.
 */
public final class Scratch implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String name;
    private final NetNs ns;
    private final Netlink nl;

    private Scratch(String name, NetNs ns, Netlink nl) {
        this.name = name;
        this.ns = ns;
        this.nl = nl;
    }

    public static Scratch create() {
        String name = "weft-doctor-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
        NetNs ns = NetNs.create(name);
        try {
            return new Scratch(name, ns, Netlink.open(ns));
        } catch (RuntimeException e) {
            ns.close();
            NetNs.delete(name);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public NetNs ns() {
        return ns;
    }

    public Netlink netlink() {
        return nl;
    }

    @Override
    public void close() {
        try {
            nl.close();
            ns.close();
        } finally {
            NetNs.delete(name);
        }
    }
}
