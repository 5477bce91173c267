package dev.weft.dhcp.daemon;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.dhcp.client.DhcpException;

import java.util.Optional;

/** One request answered by a {@link LeaseHolder}: its result, or its failure as a reply. */
final class Dispatch {
    private static final System.Logger LOG = System.getLogger(Dispatch.class.getName());

    private Dispatch() {
    }

    static DaemonReply answer(LeaseHolder holder, DaemonRequest request) {
        try {
            return switch (request) {
                case DaemonRequest.Acquire a -> new DaemonReply.Granted(
                        holder.acquire(a.attachment(), a.netns(), a.options(), a.timeout()));
                case DaemonRequest.Release r -> new DaemonReply.Released(holder.release(r.attachment()));
                case DaemonRequest.Check c -> new DaemonReply.Granted(holder.check(c.attachment()));
                case DaemonRequest.Renew r -> new DaemonReply.Granted(holder.renewNow(r.attachment(), r.timeout()));
                case DaemonRequest.ListLeases l -> new DaemonReply.Leases(holder.attachments().stream()
                        .flatMap(a -> holder.lease(a).map(lease -> new DaemonReply.Held(a, lease)).stream()).toList());
            };
        } catch (DhcpException e) {
            return new DaemonReply.Failed(e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "DHCP request " + request + " failed", e);
            return new DaemonReply.Failed(DhcpException.Reason.TRANSPORT, "the lease holder failed: "
                    + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
        }
    }
}
