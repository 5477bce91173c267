package dev.weft.bgp.bird;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Times in BIRD's tables. weft's configuration asks for {@code %FT%T%z} (2026-12-02T02:12:52+0000,
 * one token with its offset); BIRD's own defaults (ISO long, ISO short) are local times without an
 * offset and are read in {@code zone}.
 */
final class BirdTime {
    private static final DateTimeFormatter WEFT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]xx");
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private BirdTime() {
    }

    static Optional<Instant> parse(String text, ZoneId zone) {
        try {
            if (text.matches("\\d{4}-\\d\\d-\\d\\dT.*")) {
                return Optional.of(OffsetDateTime.parse(text, WEFT).toInstant());
            }
            if (text.matches("\\d{4}-\\d\\d-\\d\\d .*")) {
                return Optional.of(LocalDateTime.parse(text, LONG).atZone(zone).toInstant());
            }
            if (text.matches("\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?")) {
                return Optional.of(LocalDate.now(zone).atTime(LocalTime.parse(text)).atZone(zone).toInstant());
            }
            if (text.matches("\\d{1,12}")) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** True when {@code token} starts a time, and {@code next} continues it (ISO long's time of day). */
    static boolean twoTokens(String token, String next) {
        return token.matches("\\d{4}-\\d\\d-\\d\\d") && next != null && next.matches("\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");
    }
}
