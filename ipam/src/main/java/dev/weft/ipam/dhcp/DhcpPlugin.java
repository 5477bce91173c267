package dev.weft.ipam.dhcp;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.dhcp.LeaseHolder;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.daemon.DaemonClient;
import dev.weft.dhcp.daemon.HolderUnavailableException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.Lease;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;

import java.util.function.Function;

/**
 * {@code weft-dhcp}: IPAM from a DHCP server, the leases held and renewed by a long-lived process.
 * In the node agent it uses the agent's own holder; elsewhere (the JVM path, or this class's
 * {@code main}) it asks the holder on {@code daemonSocketPath}: the agent's, or
 * {@code weft dhcp daemon}'s. ADD acquires (a repeated ADD gets the held lease), DEL releases
 * (idempotent), CHECK verifies the lease is still bound and is the one in {@code prevResult}.
 */
public final class DhcpPlugin implements Plugin {
    private final Function<DhcpIpamConfig, LeaseHolder> holders;

    private DhcpPlugin(Function<DhcpIpamConfig, LeaseHolder> holders) {
        this.holders = holders;
    }

    /** Served by {@code holder} whatever the configuration's socket says (the agent's own leases). */
    public static DhcpPlugin servedBy(LeaseHolder holder) {
        return new DhcpPlugin(c -> holder);
    }

    /** Asking the holder on the configuration's {@code daemonSocketPath}. */
    public static DhcpPlugin viaSocket() {
        return new DhcpPlugin(c -> new DaemonClient(c.daemonSocketPath()));
    }

    public static void main(String[] args) {
        Skel.main(viaSocket());
    }

    @Override
    public Result add(Request request) {
        DhcpIpamConfig c = DhcpIpamConfig.parse(request.config(), request.args());
        if (!request.hasNetns()) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "weft-dhcp: ADD needs CNI_NETNS");
        }
        Lease lease = call(() -> holders.apply(c).acquire(attachment(request), request.netns(), c.options(), c.timeout()),
                "ADD", request, c);
        return lease.toResult(request.version());
    }

    @Override
    public void del(Request request) {
        DhcpIpamConfig c = DhcpIpamConfig.parse(request.config(), request.args());
        call(() -> holders.apply(c).release(attachment(request)), "DEL", request, c);
    }

    @Override
    public void check(Request request) {
        DhcpIpamConfig c = DhcpIpamConfig.parse(request.config(), request.args());
        Lease lease = call(() -> holders.apply(c).check(attachment(request)), "CHECK", request, c);
        request.prevResult().ifPresent(prev -> {
            boolean listed = prev.ips().stream().map(IpConfig::address).anyMatch(lease.address()::equals);
            if (!listed) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-dhcp: the lease of "
                        + attachment(request) + " is " + lease.address() + ", which prevResult does not list");
            }
        });
    }

    /** The reference plugin's identity of a lease: container, network name, interface. */
    static Attachment attachment(Request r) {
        try {
            return Attachment.of(r.containerId().value(), r.network(), r.ifName().value());
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft-dhcp: " + e.getMessage(), e);
        }
    }

    private static <T> T call(java.util.function.Supplier<T> op, String command, Request r, DhcpIpamConfig c) {
        try {
            return op.get();
        } catch (HolderUnavailableException e) {
            throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "weft-dhcp: " + e.getMessage(), e);
        } catch (DhcpException e) {
            throw new CniException(code(e.reason()), "weft-dhcp " + command + " " + r.containerId().value() + "/"
                    + r.ifName().value() + ": " + e.getMessage()
                    + (e.reason() == DhcpException.Reason.TIMEOUT ? " (timeout " + c.timeout().toMillis() + " ms)" : ""), e);
        }
    }

    /** TIMEOUT: try again later; a missing container: 3; I/O: 5; anything else from the holder: 999. */
    static CniErrorCode code(DhcpException.Reason reason) {
        return switch (reason) {
            case TIMEOUT -> CniErrorCode.TRY_AGAIN_LATER;
            case NOT_BOUND, NO_INTERFACE -> CniErrorCode.UNKNOWN_CONTAINER;
            case STORE -> CniErrorCode.IO_FAILURE;
            case TRANSPORT -> CniErrorCode.INTERNAL;
        };
    }
}
