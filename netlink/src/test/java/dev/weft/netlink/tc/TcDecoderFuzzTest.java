package dev.weft.netlink.tc;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The decoders read kernel replies: garbage (random bytes, or a valid message with bytes flipped)
 * decodes to something or fails with IllegalArgumentException, never with an index or buffer error.
 */
class TcDecoderFuzzTest {
    private static final Psched P = Psched.LINUX;

    private static void decodeBoth(byte[] payload) {
        Message q = new Message(Tca.RTM_NEWQDISC, 0, 1, 0, payload);
        Message f = new Message(Tca.RTM_NEWTFILTER, 0, 1, 0, payload);
        assertThatCode(() -> {
            try {
                QdiscCodec.decode(q, P);
            } catch (IllegalArgumentException expected) {
                // fine: rejected as malformed
            }
            try {
                FilterCodec.decode(f);
            } catch (IllegalArgumentException expected) {
                // fine: rejected as malformed
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void randomPayloads() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            decodeBoth(b);
        }
    }

    @Test
    void validMessagesWithBytesFlipped() {
        Random r = new Random(6);
        MessageBuilder[] seeds = {
                QdiscCodec.add(Qdisc.rootTbf(3, new Tbf(Rate.bitsPerSecond(10_000_000), 12_500, 50_000)), P, true),
                FilterCodec.add(Filter.redirectAllIngress(3, 1, 4)),
                QdiscCodec.add(Qdisc.ingress(3), P, false)};
        for (MessageBuilder seed : seeds) {
            byte[] whole = seed.build(1);
            for (int i = 0; i < 5_000; i++) {
                byte[] payload = java.util.Arrays.copyOfRange(whole, 16, whole.length);
                for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                    payload[r.nextInt(payload.length)] = (byte) r.nextInt(256);
                }
                decodeBoth(payload);
            }
        }
    }
}
