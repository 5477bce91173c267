package dev.weft.bgp.bird;

import dev.weft.net.IpAddress;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of {@code show protocols all}: BIRD's protocol name, its kind ({@code BGP},
 * {@code Kernel}...), its state ({@code up}, {@code start}, {@code down}...), since when, and the
 * info column and its description; for a BGP protocol also the session state, the neighbor, the last error and how
 * many routes it imported (learned, after filters) and exported.
 */
public record ProtocolStatus(String name, String proto, String state, Optional<Instant> since, String info,
                             String description, Optional<Bgp> bgp) {
    /** What {@code show protocols all} says about a BGP session. */
    public record Bgp(SessionState state, Optional<IpAddress> neighbor, OptionalLong neighborAs, String lastError,
                      long imported, long exported) {
    }

    public boolean isBgp() {
        return "BGP".equals(proto);
    }

    /** The session's state: from the details, or from the info column's first word. */
    public SessionState sessionState() {
        if (!state.equals("up") && !state.equals("start")) {
            return SessionState.DOWN;
        }
        return bgp.map(Bgp::state).orElseGet(() -> SessionState.fromBird(info.isBlank() ? "" : info.split("\\s+")[0]));
    }
}
