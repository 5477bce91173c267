package dev.weft.dhcp.client;

import dev.weft.dhcp.packet.DhcpCodec;
import dev.weft.dhcp.packet.DhcpDecodeException;
import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.Golden;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Options;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever arrives and whenever timers fire — valid replies, mutated real OFFERs and ACKs with the
 * right xid, ACKs missing options, clock jumps — the client never throws and its state stays
 * consistent: it holds a lease exactly when bound, renewing or rebinding, and has a timer set
 * unless it stopped or failed.
 */
class DhcpClientFuzzTest {
    private static final List<String> REPLIES = List.of("dnsmasq-offer", "dnsmasq-ack");
    private static final int[] DROPPABLE = {OptionCode.SUBNET_MASK, OptionCode.LEASE_TIME, OptionCode.SERVER_ID,
            OptionCode.ROUTER, OptionCode.RENEWAL_TIME, OptionCode.REBINDING_TIME};

    @Property(tries = 400)
    void noSequenceOfEventsBreaksTheClient(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 5) Integer> actions,
                                           @ForAll long seed) {
        ClientHarness h = new ClientHarness();
        Random r = new Random(seed);
        h.client.start(null);
        for (int action : actions) {
            DhcpPacket last = h.lastSent();
            switch (action) {
                case 0 -> fire(h);
                case 1 -> h.client.onPacket(switch (r.nextInt(3)) {
                    case 0 -> h.server.offer(last);
                    case 1 -> h.server.ack(last);
                    default -> h.server.nak(last, "no");
                });
                case 2 -> mutatedGolden(last, r).ifPresent(h.client::onPacket);
                case 3 -> {
                    if (h.client.state().holdsLease()) {
                        h.client.renewNow();
                    }
                }
                case 4 -> {
                    Options.Builder o = h.server.leaseOptions(MessageType.ACK);
                    o.remove(DROPPABLE[r.nextInt(DROPPABLE.length)]);
                    h.client.onPacket(FakeServer.reply(last, MessageType.ACK, FakeServer.ADDRESS, o.build()));
                }
                default -> h.clock.advance(Duration.ofSeconds(r.nextInt(4000)));
            }
            ClientState s = h.client.state();
            assertThat(s.holdsLease()).as("holds a lease in " + s).isEqualTo(
                    h.client.lease().isPresent() && s != ClientState.INIT_REBOOT);
            assertThat(h.timer.pending != null).as("timer set in " + s)
                    .isEqualTo(s != ClientState.STOPPED && s != ClientState.FAILED);
            assertThat(h.failed.size()).isEqualTo(s == ClientState.FAILED ? 1 : 0);
            if (s == ClientState.FAILED) {
                return;
            }
        }
    }

    /** Fires the pending timer, at its time or, after a clock jump, late. */
    private static void fire(ClientHarness h) {
        if (h.timer.pending == null) {
            return;
        }
        if (h.timer.pending.isAfter(h.clock.instant())) {
            h.clock.set(h.timer.pending);
        }
        h.client.onTimer();
    }

    /** A real OFFER or ACK addressed to the last request, with a few random bytes changed. */
    private static java.util.Optional<DhcpPacket> mutatedGolden(DhcpPacket last, Random r) {
        byte[] b = Golden.bytes(REPLIES.get(r.nextInt(REPLIES.size())));
        b[4] = (byte) (last.xid() >>> 24);
        b[5] = (byte) (last.xid() >>> 16);
        b[6] = (byte) (last.xid() >>> 8);
        b[7] = (byte) last.xid();
        int flips = r.nextInt(4);
        for (int i = 0; i < flips; i++) {
            b[240 + r.nextInt(b.length - 240)] = (byte) r.nextInt(256);
        }
        try {
            return java.util.Optional.of(DhcpCodec.decode(b));
        } catch (DhcpDecodeException e) {
            return java.util.Optional.empty();
        }
    }
}
