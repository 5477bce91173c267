package dev.weft.dhcp.daemon;

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

/** A holder that grants {@code next} to whoever asks, remembers what it granted and what it was asked. */
final class FakeHolder implements LeaseHolder {
    final Map<Attachment, Lease> held = new ConcurrentHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile Lease next;
    volatile DhcpException failure;
    volatile ClientOptions lastOptions;
    volatile String lastNetns;

    FakeHolder(Lease next) {
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
