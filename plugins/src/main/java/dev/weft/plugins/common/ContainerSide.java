package dev.weft.plugins.common;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.Request;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Steps every main plugin takes on the container side, written once. */
public final class ContainerSide {
    private ContainerSide() {
    }

    /** CNI_IFNAME must not exist yet in the container (code 4 naming it). */
    public static void requireFreeName(Namespace ctr, Request r) {
        if (ctr.link(r.ifName().value()).isPresent()) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_IFNAME: interface \"" + r.ifName()
                    + "\" already exists in " + r.netns());
        }
    }

    /**
     * DEL's container side: when the namespace still exists, run {@code action} on the interface
     * if it is there. A namespace that is gone is success, as the spec asks of DEL.
     */
    public static void ifStillThere(Kernel kernel, Request r, Consumer<Namespace> action) {
        if (!r.hasNetns()) {
            return;
        }
        try (Namespace ctr = kernel.open(r.netns())) {
            action.accept(ctr);
        } catch (CniException e) {
            if (e.code() != CniErrorCode.UNKNOWN_CONTAINER.code()) {
                throw e;
            }
        }
    }

    /**
     * For plugins whose IPAM is optional (macvlan, host-device): addresses and routes from IPAM
     * when configured (its release registered on {@code undo}), else just the link up; the result
     * has the one container interface.
     */
    public static Result configureOptionalIpam(Optional<String> ipamType, IpamDelegate ipam, Request r, Namespace ctr,
                                               Link link, Rollback undo) {
        List<IpConfig> ips = List.of();
        Result ipamResult = null;
        if (ipamType.isPresent()) {
            ipamResult = Attach.requireIps(ipam.add(ipamType.get(), r), ipamType.get());
            undo.add(() -> ipam.del(ipamType.get(), r));
            ips = ipamResult.ips().stream().map(ip -> ip.withInterface(0)).toList();
            Attach.configure(ctr, link, ips, ipamResult.routes(), false);
        } else {
            ctr.setUp(link);
        }
        Link done = ctr.link(link.index()).orElse(link);
        return new Result(CniVersion.CURRENT, List.of(Interface.of(done.name(), String.valueOf(done.mac()), r.netns())),
                ips, ipamResult == null ? List.of() : ipamResult.routes(), ipamResult == null ? null : ipamResult.dns());
    }
}
