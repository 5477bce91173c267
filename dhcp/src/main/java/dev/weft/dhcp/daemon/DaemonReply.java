package dev.weft.dhcp.daemon;

import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.Lease;

import java.util.List;

/** The answer to one {@link DaemonRequest}. */
public sealed interface DaemonReply {

    /** The lease (acquire, check, renew). */
    record Granted(Lease lease) implements DaemonReply {
        public Granted {
            if (lease == null) {
                throw new IllegalArgumentException("a granted reply carries a lease");
            }
        }
    }

    /** Release done; {@code sent} whether a DHCPRELEASE went out (false: there was no lease). */
    record Released(boolean sent) implements DaemonReply {
    }

    /** Every lease held. */
    record Leases(List<Held> leases) implements DaemonReply {
        public Leases {
            leases = List.copyOf(leases);
        }
    }

    /** One attachment and its lease. */
    record Held(Attachment attachment, Lease lease) {
    }

    /** The operation failed; {@code reason} as the holder reported it. */
    record Failed(DhcpException.Reason reason, String message) implements DaemonReply {
        public Failed {
            if (reason == null) {
                throw new IllegalArgumentException("a failure carries a reason");
            }
            message = message == null ? "" : message;
        }

        public DhcpException toException() {
            return new DhcpException(reason, message);
        }
    }
}
