package dev.weft.dhcp.client;

import java.time.Instant;

/**
 * The client's one timer: when it fires, the driver calls {@link DhcpClient#onTimer}. Scheduling
 * replaces the pending time; the client never needs two.
 */
public interface Timer {
    void schedule(Instant at);

    void cancel();
}
