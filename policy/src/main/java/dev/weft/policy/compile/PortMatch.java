package dev.weft.policy.compile;

import dev.weft.policy.PortRange;
import dev.weft.policy.Protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The transport part of one compiled rule: any traffic, every port of one protocol, or a set of port
 * ranges of one protocol. Ranges are merged so equal port lists compile to equal text.
 */
public record PortMatch(Optional<Protocol> protocol, List<PortRange> ranges) {
    public static final PortMatch ANY = new PortMatch(Optional.empty(), List.of());
    private static final PortRange ALL_PORTS = new PortRange(1, 65535);

    public PortMatch {
        if (protocol.isPresent() == ranges.isEmpty()) {
            throw new IllegalArgumentException("a port match has a protocol exactly when it has ranges");
        }
        ranges = merge(ranges);
    }

    public static PortMatch of(Protocol protocol, Collection<PortRange> ranges) {
        return new PortMatch(Optional.of(protocol), List.copyOf(ranges));
    }

    private static List<PortRange> merge(List<PortRange> in) {
        List<PortRange> sorted = in.stream().sorted().toList();
        List<PortRange> out = new ArrayList<>();
        for (PortRange r : sorted) {
            PortRange last = out.isEmpty() ? null : out.getLast();
            if (last != null && r.first() <= last.last() + 1) {
                out.set(out.size() - 1, new PortRange(last.first(), Math.max(last.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    public boolean matches(Protocol proto, int port) {
        return protocol.map(p -> p == proto && ranges.stream().anyMatch(r -> r.contains(port))).orElse(true);
    }

    /** {@code ""}, {@code meta l4proto tcp}, {@code tcp dport 80} or {@code tcp dport { 80, 8000-8080 }}. */
    public String render() {
        if (protocol.isEmpty()) {
            return "";
        }
        String p = protocol.get().nftName();
        if (ranges.equals(List.of(ALL_PORTS))) {
            return "meta l4proto " + p;
        }
        List<String> items = ranges.stream().map(PortRange::toString).toList();
        return p + " dport " + (items.size() == 1 ? items.getFirst() : "{ " + String.join(", ", items) + " }");
    }
}
