package dev.weft.bgp.bird;

/**
 * BIRD's answer to {@code configure} or {@code configure check}: accepted (0003 Reconfigured, 0004
 * in progress, 0005 queued, 0020 Configuration OK) or refused with BIRD's message (8002 names the
 * file, line and column).
 */
public record ConfigureResult(boolean ok, int code, String message) {
    static ConfigureResult of(BirdReply r) {
        boolean ok = switch (r.code()) {
            case 3, 4, 5, 18, 19, 20 -> true;
            default -> false;
        };
        return new ConfigureResult(ok, r.code(), r.message());
    }
}
