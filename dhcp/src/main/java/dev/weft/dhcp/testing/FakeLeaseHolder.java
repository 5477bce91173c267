package dev.weft.dhcp.testing;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lease holder for tests of what sits above it (the plugin, the daemon's server): grants
 * {@code next} to whoever asks, remembers what it granted, the calls it got ({@code "acquire
 * NETWORK:CONTAINER:IF TIMEOUT_MS"}, {@code "release …"}, …) and the last netns and options;
 * {@code failure}, when set, is what acquire throws.
 */
public final class FakeLeaseHolder implements LeaseHolder {
    public final Map<Attachment, Lease> held = new ConcurrentHashMap<>();
    public final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    public volatile Lease next;
    public volatile DhcpException failure;
    public volatile ClientOptions lastOptions;
    public volatile String lastNetns;

    public FakeLeaseHolder(Lease next) {
        this.next = next;
    }

    @Override
    public Lease acquire(Attachment attachment, String netns, ClientOptions options, Duration timeout) {
        calls.add("acquire " + attachment + " " + timeout.toMillis());
        lastOptions = options;
        lastNetns = netns;
        if (failure != null) {
            throw failure;
        }
        return held.computeIfAbsent(attachment, a -> next);
    }

    @Override
    public boolean release(Attachment attachment) {
        calls.add("release " + attachment);
        return held.remove(attachment) != null;
    }

    @Override
    public Lease check(Attachment attachment) {
        calls.add("check " + attachment);
        return lease(attachment).orElseThrow(() -> new DhcpException(DhcpException.Reason.NOT_BOUND,
                "no DHCP lease for " + attachment));
    }

    @Override
    public Lease renewNow(Attachment attachment, Duration timeout) {
        calls.add("renew " + attachment + " " + timeout.toMillis());
        return check(attachment);
    }

    @Override
    public List<Attachment> attachments() {
        return List.copyOf(held.keySet());
    }

    @Override
    public Optional<Lease> lease(Attachment attachment) {
        return Optional.ofNullable(held.get(attachment));
    }
}
