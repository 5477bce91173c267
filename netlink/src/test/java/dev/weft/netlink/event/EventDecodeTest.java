package dev.weft.netlink.event;

import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Group masks and event decoding, without a kernel. */
class EventDecodeTest {
    private static Message echo(MessageBuilder b) {
        byte[] bytes = b.build(0);
        return Message.parseAll(bytes, bytes.length).getFirst();
    }

    @Test
    void groupMaskMatchesTheKernelsBits() {
        assertThat(EventGroup.mask(EnumSet.allOf(EventGroup.class))).isEqualTo(Subscription.ALL);
        assertThat(EventGroup.mask(EnumSet.of(EventGroup.IPV6_ROUTE))).isEqualTo(Subscription.IPV6_ROUTES);
    }

    @Test
    void messagesBecomeTypedEvents() {
        assertThat(Subscription.decode(echo(AddrCodec.add(3, InterfaceAddress.parse("10.0.0.1/8"), 0, false))))
                .hasValueSatisfying(e -> assertThat(e).isInstanceOf(KernelEvent.AddressEvent.class));
        assertThat(Subscription.decode(echo(RouteCodec.delete(RouteSpec.blackhole(Cidr.parse("10.0.0.0/8"))))))
                .hasValueSatisfying(e -> assertThat(e.added()).isFalse());
        assertThat(Subscription.decode(echo(new MessageBuilder(Nl.NLMSG_NOOP, 0)))).isEmpty();
    }
}
