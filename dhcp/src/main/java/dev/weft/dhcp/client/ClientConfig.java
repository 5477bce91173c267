package dev.weft.dhcp.client;

import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.packet.Octets;
import dev.weft.net.MacAddress;

import java.time.Duration;

/**
 * One client's settings: its interface's MAC (chaddr), its client identifier (option 61), the
 * options to request and provide, and the timing. {@code timeout} bounds an acquisition (and a
 * resume's INIT-REBOOT); retransmissions wait {@code firstRetransmit}, doubling up to
 * {@code maxRetransmit}, each ± {@code jitter} (RFC 2131 4.1: 4, 8, 16 … 64 s, ± 1 s); while
 * renewing or rebinding, half the time left but at least {@code minRenewRetransmit} (4.4.5: 60 s).
 */
public record ClientConfig(MacAddress mac, Octets clientId, ClientOptions options, Duration timeout,
                           Duration firstRetransmit, Duration maxRetransmit, Duration jitter,
                           Duration minRenewRetransmit) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ClientConfig {
        if (mac == null) {
            throw new IllegalArgumentException("client mac is required");
        }
        if (clientId == null || clientId.length() < 2 || clientId.length() > 255) {
            throw new IllegalArgumentException("client identifier must have 2 to 255 bytes");
        }
        options = options == null ? ClientOptions.DEFAULTS : options;
        positive("timeout", timeout);
        positive("firstRetransmit", firstRetransmit);
        positive("maxRetransmit", maxRetransmit);
        positive("minRenewRetransmit", minRenewRetransmit);
        if (jitter == null || jitter.isNegative() || jitter.compareTo(firstRetransmit) >= 0) {
            throw new IllegalArgumentException("jitter must be at least 0 and less than firstRetransmit");
        }
    }

    /** RFC 2131's timing with {@code timeout} for acquisitions. */
    public static ClientConfig of(MacAddress mac, Octets clientId, ClientOptions options, Duration timeout) {
        return new ClientConfig(mac, clientId, options, timeout, Duration.ofSeconds(4), Duration.ofSeconds(64),
                Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("client " + field + " must be positive, not " + d);
        }
    }
}
