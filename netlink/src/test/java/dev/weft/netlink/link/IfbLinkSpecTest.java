package dev.weft.netlink.link;

import dev.weft.netlink.codec.Message;
import dev.weft.net.InterfaceName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The IFB kind encodes as IFLA_INFO_KIND "ifb" and decodes back to the same record. */
class IfbLinkSpecTest {
    @Test
    void ifbRoundTrips() {
        for (LinkSpec.Ifb s : new LinkSpec.Ifb[] {LinkSpec.Ifb.named("ifb0"), new LinkSpec.Ifb(InterfaceName.of("weftb1"), 1400)}) {
            byte[] bytes = LinkCodec.create(s).build(1);
            LinkInfo info = LinkCodec.decode(Message.parseAll(bytes, bytes.length).getFirst());
            assertThat(info.spec()).isEqualTo(s);
            assertThat(info.kind()).isEqualTo("ifb").isEqualTo(s.kind());
        }
    }
}
