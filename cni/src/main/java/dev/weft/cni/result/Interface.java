package dev.weft.cni.result;

/**
 * An interface in a result. {@code mac} stays text: hardware addresses other than Ethernet
 * (IPoIB's 20 bytes) appear in other plugins' results. Optional fields are {@code null}.
 */
public record Interface(String name, String mac, Integer mtu, String sandbox, String socketPath, String pciId) {
    public Interface {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("interface name is required");
        }
    }

    public static Interface of(String name, String mac, String sandbox) {
        return new Interface(name, mac, null, sandbox, null, null);
    }

    /** This interface as 0.4.0 can express it. */
    Interface withoutV1Fields() {
        return new Interface(name, mac, null, sandbox, null, null);
    }

    /** A container-side interface has a sandbox; a host-side one does not. */
    public boolean inSandbox() {
        return sandbox != null && !sandbox.isEmpty();
    }
}
