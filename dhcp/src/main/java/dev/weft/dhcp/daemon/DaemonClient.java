package dev.weft.dhcp.daemon;

import dev.weft.dhcp.LeaseHolder;
import dev.weft.dhcp.client.DhcpException;
import dev.weft.dhcp.lease.Attachment;
import dev.weft.dhcp.lease.ClientOptions;
import dev.weft.dhcp.lease.Lease;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The lease holder behind a socket ({@code weft dhcp daemon}, or an agent serving its leases):
 * one connection per call. A socket nobody serves is a {@link HolderUnavailableException}; a
 * call that gets no answer within its wait (the request's timeout plus a margin) is TIMEOUT.
 */
public final class DaemonClient implements LeaseHolder {
    /** Past a request's own timeout, how long to wait for the holder's answer. */
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofSeconds(30);

    private final Path socket;

    public DaemonClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    @Override
    public Lease acquire(Attachment attachment, String netns, ClientOptions options, Duration timeout) {
        return granted(call(new DaemonRequest.Acquire(attachment, netns, options, timeout), timeout.plus(MARGIN)));
    }

    @Override
    public boolean release(Attachment attachment) {
        DaemonReply r = call(new DaemonRequest.Release(attachment), SHORT);
        if (r instanceof DaemonReply.Released(boolean sent)) {
            return sent;
        }
        throw unexpected(r);
    }

    @Override
    public Lease check(Attachment attachment) {
        return granted(call(new DaemonRequest.Check(attachment), SHORT));
    }

    @Override
    public Lease renewNow(Attachment attachment, Duration timeout) {
        return granted(call(new DaemonRequest.Renew(attachment, timeout), timeout.plus(MARGIN)));
    }

    @Override
    public List<Attachment> attachments() {
        return held().stream().map(DaemonReply.Held::attachment).toList();
    }

    @Override
    public Optional<Lease> lease(Attachment attachment) {
        try {
            return Optional.of(check(attachment));
        } catch (DhcpException e) {
            if (e.reason() == DhcpException.Reason.NOT_BOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every lease the holder keeps, with its attachment. */
    public List<DaemonReply.Held> held() {
        DaemonReply r = call(new DaemonRequest.ListLeases(), SHORT);
        if (r instanceof DaemonReply.Leases(List<DaemonReply.Held> leases)) {
            return leases;
        }
        throw unexpected(r);
    }

    /** Sends {@code request} and returns the reply; a {@link DaemonReply.Failed} is thrown as its exception. */
    public DaemonReply call(DaemonRequest request, Duration wait) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new DhcpException(DhcpException.Reason.TRANSPORT, "cannot open a unix socket: " + e.getMessage(), e);
        }
        try (ch) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new HolderUnavailableException(socket, e);
            }
            // A blocking read has no timeout of its own: closing the channel ends it.
            java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(wait);
                    late.set(true);
                    ch.close();
                } catch (InterruptedException | IOException e) {
                    // finished in time
                }
            });
            byte[] line;
            try {
                LineIo.write(ch, DaemonCodec.encode(request));
                line = LineIo.read(ch);
            } catch (IOException e) {
                throw new DhcpException(late.get() ? DhcpException.Reason.TIMEOUT : DhcpException.Reason.TRANSPORT,
                        "the DHCP lease holder on " + socket + " did not answer"
                                + (late.get() ? " within " + wait.toSeconds() + " s" : ": " + e.getMessage()), e);
            } finally {
                watchdog.interrupt();
            }
            DaemonReply reply = decode(line);
            if (reply instanceof DaemonReply.Failed f) {
                throw f.toException();
            }
            return reply;
        } catch (IOException e) {
            throw new DhcpException(DhcpException.Reason.TRANSPORT, "closing " + socket + ": " + e.getMessage(), e);
        }
    }

    private DaemonReply decode(byte[] line) {
        try {
            return DaemonCodec.decodeReply(line);
        } catch (IllegalArgumentException e) {
            throw new DhcpException(DhcpException.Reason.TRANSPORT, socket + " does not answer in weft's DHCP protocol"
                    + " (is it the reference dhcp daemon's socket? weft-dhcp needs `weft dhcp daemon` or the agent): "
                    + e.getMessage(), e);
        }
    }

    private static Lease granted(DaemonReply r) {
        if (r instanceof DaemonReply.Granted(Lease lease)) {
            return lease;
        }
        throw unexpected(r);
    }

    private static DhcpException unexpected(DaemonReply r) {
        return new DhcpException(DhcpException.Reason.TRANSPORT, "unexpected reply " + r);
    }
}
