package dev.weft.netlink.tc;

import java.util.Objects;

/**
 * What a qdisc is, one record per kind weft configures; {@link QdiscCodec} holds the one
 * exhaustive encoding and decodes the same records back from the kernel. Kinds weft does not
 * model ({@code noqueue}, {@code pfifo_fast}, {@code fq_codel}…) decode as {@link Other}.
 */
public sealed interface QdiscKind permits Tbf, QdiscKind.Ingress, QdiscKind.Clsact, QdiscKind.Other {

    /** The kind's name as the kernel knows it ({@code TCA_KIND}). */
    String kind();

    /**
     * The {@code ingress} qdisc: a hook for filters on received packets, with no queue. It lives
     * at handle {@code ffff:} under parent {@link TcHandle#INGRESS} and has no options.
     */
    record Ingress() implements QdiscKind {
        @Override
        public String kind() {
            return "ingress";
        }
    }

    /**
     * The {@code clsact} qdisc: like {@code ingress}, with a second hook for egress filters
     * ({@link TcHandle#CLSACT_INGRESS}, {@link TcHandle#CLSACT_EGRESS}). Same handle and parent;
     * a device has one or the other.
     */
    record Clsact() implements QdiscKind {
        @Override
        public String kind() {
            return "clsact";
        }
    }

    /** A kind weft has no model for, as a dump reports it (its options are not decoded). */
    record Other(String kind) implements QdiscKind {
        public Other {
            Objects.requireNonNull(kind, "kind");
            if (kind.isEmpty()) {
                throw new IllegalArgumentException("qdisc kind is empty");
            }
        }
    }
}
