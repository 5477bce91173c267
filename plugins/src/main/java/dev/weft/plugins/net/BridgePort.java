package dev.weft.plugins.net;

/**
 * A veth pair made a bridge's port by {@link Namespace#createBridgePort}: the host end (up, a
 * port of the bridge), the peer in the container's namespace (down, not yet configured), and the
 * bridge as it is once the port joined (a bridge whose MAC is not set takes its lowest port's).
 */
public record BridgePort(Link host, Link peer, Link bridge) {
}
