package dev.weft.policy;

/** A named container port's number and protocol: what a policy's named port resolves to on a given pod. */
public record ContainerPort(int port, Protocol protocol) {
    public ContainerPort {
        PortRange.checkPort("container port", port);
        if (protocol == null) {
            throw new IllegalArgumentException("container port protocol is required");
        }
    }
}
