package dev.weft.bgp.speaker;

import dev.weft.bgp.bird.SessionState;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One BGP session of a node as {@code weft bgp status} shows it: with whom ({@code name}, a node or
 * an explicit peer, {@code kind} and {@code role}), the neighbor's address and AS, the state and
 * since when, how many routes it learned (accepted by the import filter), and BIRD's last error or
 * info (why a session is not up: "Socket: Connection refused").
 */
public record SessionStatus(String name, String kind, String role, String neighbor, long asn, SessionState state,
                            Optional<Instant> since, long routesLearned, String info) {
    /** How long the session has been established at {@code now}; empty when it is not. */
    public Optional<Duration> uptime(Instant now) {
        return state == SessionState.ESTABLISHED ? since.map(s -> Duration.between(s, now)) : Optional.empty();
    }
}
