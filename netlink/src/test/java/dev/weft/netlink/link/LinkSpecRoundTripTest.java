package dev.weft.netlink.link;

import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every link kind encoded and decoded back to the same record, without a kernel. */
class LinkSpecRoundTripTest {
    private static LinkInfo echo(MessageBuilder b) {
        byte[] bytes = b.build(1);
        return LinkCodec.decode(Message.parseAll(bytes, bytes.length).getFirst());
    }

    private static InterfaceName n(String s) {
        return InterfaceName.of(s);
    }

    @Test
    void everyKindRoundTrips() {
        List<LinkSpec> specs = List.of(
                new LinkSpec.Bridge(n("br0"), 1500, false),
                new LinkSpec.Bridge(n("br1"), 9000, true),
                new LinkSpec.Veth(n("h0"), 1400, n("c0"), 9),
                new LinkSpec.Veth(n("h1"), 0, n("c1"), -1),
                new LinkSpec.Macvlan(n("mv0"), 0, 3, MacvlanMode.PASSTHRU, -1),
                new LinkSpec.Macvlan(n("mv1"), 1500, 3, MacvlanMode.PRIVATE, 11),
                new LinkSpec.Vxlan(n("vx0"), 1450, 42, IpAddress.parse("192.0.2.1"), 4789, false, 3),
                new LinkSpec.Vxlan(n("vx6"), 0, 0xffffff, IpAddress.parse("fd00::1"), 8472, true, 0),
                new LinkSpec.Generic(n("d0"), 0, "dummy"));
        for (LinkSpec s : specs) {
            LinkInfo info = echo(LinkCodec.create(s));
            assertThat(info.spec()).as(s.toString()).isEqualTo(s);
            assertThat(info.kind()).isEqualTo(s.kind());
            assertThat(info.name()).isEqualTo(s.name().value());
        }
    }

    @Test
    void changesAreRtmNewlinkOnTheIndexWithoutCreate() {
        byte[] bytes = LinkCodec.setVlanFiltering(5, true).build(1);
        Message m = Message.parseAll(bytes, bytes.length).getFirst();
        assertThat(m.type()).isEqualTo(Nl.RTM_NEWLINK);
        assertThat(m.flags() & Nl.F_CREATE).isZero();
        LinkInfo info = LinkCodec.decode(m);
        assertThat(info.index()).isEqualTo(5);
        assertThat(info.kind()).isEqualTo("bridge");
        byte[] up = LinkCodec.set(5, LinkInfo.IFF_UP, LinkInfo.IFF_UP).build(1);
        assertThat(LinkCodec.decode(Message.parseAll(up, up.length).getFirst()).isUp()).isTrue();
    }

    @Test
    void macvlanModesMapToTheKernelsNumbers() {
        assertThat(MacvlanMode.of(4)).isEqualTo(MacvlanMode.BRIDGE);
        assertThat(new LinkSpec.Macvlan(n("m"), 0, 1, 2, -1).mode()).isEqualTo(MacvlanMode.VEPA);
        assertThatThrownBy(() -> MacvlanMode.of(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
