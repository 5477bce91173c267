package dev.weft.cli.cni;

/** Exposes package-private helpers of the cni commands to tests in other packages. */
public final class CniTestAccess {
    private CniTestAccess() {
    }

    public static String containerId(String netnsPath) {
        return CniOptions.cnitoolContainerId(netnsPath);
    }
}
