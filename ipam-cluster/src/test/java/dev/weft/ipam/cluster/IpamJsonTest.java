package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden JSON of each record kind, and its round trip. */
class IpamJsonTest {
    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void block() {
        Block b = Block.claimed("pods", Cidr.parse("10.1.0.64/26"), "node-1", 41)
                .allocate(2, AttachmentId.of("abc", "eth0"), Optional.of("default/web"), "node-1", 1000)
                .allocate(3, AttachmentId.of("def", "net1"), Optional.empty(), "node-2", 2000);
        b = b.release(2, AttachmentId.of("abc", "eth0"), 41).orElseThrow().withEmptySince(OptionalLong.of(5));
        b = b.withSlot(3, b.slots().get(3).missingSince(OptionalLong.of(3000)));
        String golden = "{\"pool\":\"pods\",\"cidr\":\"10.1.0.64/26\",\"affinity\":\"node-1\",\"nextSeq\":43,"
                + "\"emptySince\":5,\"slots\":[{\"ordinal\":3,\"handle\":\"def:net1\",\"node\":\"node-2\",\"seq\":42,"
                + "\"allocatedAt\":2000,\"missingSince\":3000}],\"freed\":[2]}";
        assertThat(text(IpamJson.block(b))).isEqualTo(golden);
        assertThat(IpamJson.block("k", golden.getBytes(StandardCharsets.UTF_8))).isEqualTo(b);
    }

    @Test
    void aReservationAndItsAssignmentKeepTheSeq() {
        Block b = Block.claimed("pods", Cidr.parse("10.1.0.64/26"), "node-1", 41).reserve(1, "node-1", 1000);
        String golden = "{\"pool\":\"pods\",\"cidr\":\"10.1.0.64/26\",\"affinity\":\"node-1\",\"nextSeq\":42,"
                + "\"slots\":[{\"ordinal\":1,\"reserved\":true,\"node\":\"node-1\",\"seq\":41,\"allocatedAt\":1000}],"
                + "\"freed\":[]}";
        assertThat(text(IpamJson.block(b))).isEqualTo(golden);
        assertThat(IpamJson.block("k", golden.getBytes(StandardCharsets.UTF_8))).isEqualTo(b);
        AttachmentId a = AttachmentId.of("abc", "eth0");
        assertThat(b.assign(1, 41, "node-2", a, Optional.empty(), 2000)).as("another node's reservation").isEmpty();
        assertThat(b.assign(1, 40, "node-1", a, Optional.empty(), 2000)).as("another seq").isEmpty();
        assertThat(b.release(1, a, 41)).as("an attachment's release never frees a reservation").isEmpty();
        Block given = b.assign(1, 41, "node-1", a, Optional.of("ns/p"), 2000).orElseThrow();
        assertThat(given.slots().get(1).is(a, 41)).isTrue();
        assertThat(given.slots().get(1).reserved()).isFalse();
        assertThat(given.nextSeq()).isEqualTo(42);
        assertThat(b.release(1, Slot.reservationOf("node-1"), 41).orElseThrow().freed()).containsExactly(1);
    }

    @Test
    void handle() {
        Handle h = new Handle(AttachmentId.of("abc", "eth0"), Optional.of("ns/pod"), "node-1",
                List.of(new HandleAddress(IpAddress.parse("fd00::5"), "v6", Cidr.parse("fd00::/122"), 7, 1234)));
        String golden = "{\"handle\":\"abc:eth0\",\"pod\":\"ns/pod\",\"node\":\"node-1\",\"addresses\":"
                + "[{\"ip\":\"fd00::5\",\"pool\":\"v6\",\"block\":\"fd00::/122\",\"seq\":7,\"at\":1234}]}";
        assertThat(text(IpamJson.handle(h))).isEqualTo(golden);
        assertThat(IpamJson.handle("k", golden.getBytes(StandardCharsets.UTF_8))).isEqualTo(h);
    }

    @Test
    void pools() {
        PoolSet set = PoolSet.EMPTY.with(new PoolSpec("under", "192.168.10.0/24", Optional.of(27),
                List.of("192.168.10.1-192.168.10.9"), Optional.of("192.168.10.1"), true).toPool());
        String golden = "{\"pools\":[{\"name\":\"under\",\"cidr\":\"192.168.10.0/24\",\"blockSize\":27,"
                + "\"excludes\":[\"192.168.10.1-192.168.10.9\"],\"gateway\":\"192.168.10.1\",\"strictAffinity\":true}]}";
        assertThat(text(IpamJson.pools(set))).isEqualTo(golden);
        assertThat(IpamJson.pools("k", golden.getBytes(StandardCharsets.UTF_8))).isEqualTo(set);
    }

    @Test
    void aRecordThatDoesNotDecodeNamesItsKeyAndField() {
        assertThatThrownBy(() -> IpamJson.block("/weft/ipam/blocks/p/x", "{\"pool\":\"p\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(IpamException.class, e -> {
                    assertThat(e.error()).isEqualTo(IpamError.CORRUPT_RECORD);
                    assertThat(e.field()).isEqualTo("/weft/ipam/blocks/p/x");
                }).hasMessageContaining("field slots");
        assertThatThrownBy(() -> IpamJson.handle("h", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IpamException.class).hasMessageContaining("h does not decode");
    }
}
