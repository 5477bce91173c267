package dev.weft.bgp.bird;

import dev.weft.bgp.testing.Captured;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolsParserTest {
    static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void showProtocolsAllOfARouteReflectorClientWithAPeerThatNeverAnswers() {
        List<ProtocolStatus> ps = ProtocolsParser.parse(Captured.reply("show-protocols-all-rr-client.txt"), UTC);
        assertThat(ps).extracting(ProtocolStatus::name).containsExactly("weft_device", "weft_direct", "weft_subnet",
                "weft_kernel", "peer_ghost", "node_n1", "node_n2");
        ProtocolStatus ghost = ps.get(4);
        assertThat(ghost.sessionState()).isEqualTo(SessionState.CONNECT);
        assertThat(ghost.state()).isEqualTo("start");
        assertThat(ghost.description()).isEqualTo("peer ghost (ebgp)");
        assertThat(ghost.bgp().orElseThrow()).isEqualTo(new ProtocolStatus.Bgp(SessionState.CONNECT,
                Optional.of(IpAddress.parse("192.0.2.99")), OptionalLong.of(65000), "Socket: No route to host", 0, 0));
        ProtocolStatus n1 = ps.get(5);
        assertThat(n1.sessionState()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(n1.since()).contains(Instant.parse("2026-12-02T02:35:18Z"));
        assertThat(n1.bgp().orElseThrow().imported()).isEqualTo(3);
        assertThat(n1.bgp().orElseThrow().exported()).isEqualTo(1);
        assertThat(n1.bgp().orElseThrow().lastError()).isEmpty();
        assertThat(ps.get(0).bgp()).isEmpty();
        assertThat(ps.get(0).isBgp()).isFalse();
    }

    @Test
    void showProtocolsWithoutDetails() {
        List<ProtocolStatus> ps = ProtocolsParser.parse(Captured.reply("show-protocols-rr.txt"), UTC);
        assertThat(ps).filteredOn(ProtocolStatus::isBgp).extracting(ProtocolStatus::name, ProtocolStatus::sessionState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node_n2", SessionState.ESTABLISHED),
                        org.assertj.core.groups.Tuple.tuple("node_n3", SessionState.ESTABLISHED),
                        org.assertj.core.groups.Tuple.tuple("node_n4", SessionState.ESTABLISHED));
    }

    @Test
    void aPeerWhoseBirdWasKilledIsActiveWithTheReason() {
        List<ProtocolStatus> ps = ProtocolsParser.parse(Captured.reply("show-protocols-peer-killed.txt"), UTC);
        ProtocolStatus n1 = ps.stream().filter(p -> p.name().equals("node_n1")).findFirst().orElseThrow();
        assertThat(n1.sessionState()).isEqualTo(SessionState.ACTIVE);
        assertThat(n1.bgp().orElseThrow().lastError()).isEqualTo("Socket: Connection closed");
        assertThat(n1.info()).isEqualTo("Active        Socket: Connection closed");
    }

    @Test
    void birdsDefaultTimeFormatIsLocalTime() {
        List<ProtocolStatus> ps = ProtocolsParser.parse(Captured.reply("show-protocols-iso-long.txt"), ZoneId.of("Europe/Prague"));
        ProtocolStatus dead = ps.getLast();
        assertThat(dead.name()).isEqualTo("dead_peer");
        assertThat(dead.sessionState()).isEqualTo(SessionState.CONNECT);
        assertThat(dead.since()).contains(Instant.parse("2026-12-02T01:12:52Z"));
        assertThat(dead.info()).isEqualTo("Connect       Socket: No route to host");
    }

    @Test
    void aNameLongerThanItsColumnStillSplits() {
        assertThat(ProtocolsParser.split("weft_device Device     ---        up     2026-12-02T02:35:13+0000  "))
                .containsExactly("weft_device", "Device", "---", "up", "2026-12-02T02:35:13+0000", "");
    }

    @Test
    void aStoppedProtocolIsDown() {
        BirdReply r = BirdReply.parseAll("2002-Name Proto Table State Since Info\n"
                + "1002-node_n9    BGP        ---        down   2026-12-02T02:35:18+0000  \n0000 \n").getFirst();
        assertThat(ProtocolsParser.parse(r, UTC).getFirst().sessionState()).isEqualTo(SessionState.DOWN);
    }
}
