package dev.weft.bgp.bird;

import dev.weft.bgp.testing.Captured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BirdReplyTest {
    @Test
    void continuationLinesTakeThePreviousCodeAndTheFinalLineEndsTheReply() {
        BirdReply.Reader r = new BirdReply.Reader();
        assertThat(r.accept("2002-Name       Proto")).isNull();
        assertThat(r.accept("1002-weft_device Device")).isNull();
        assertThat(r.accept(" node_n2    BGP")).isNull();
        assertThat(r.accept("+spontaneous log line")).isNull();
        BirdReply reply = r.accept("0000 ");
        assertThat(reply.lines()).extracting(BirdReply.Line::code).containsExactly(2002, 1002, 1002, 0);
        assertThat(reply.texts(1002)).containsExactly("weft_device Device", "node_n2    BGP");
        assertThat(reply.ok()).isTrue();
        assertThat(r.accept("0013 Daemon is up and running").code()).as("the reader starts over").isEqualTo(13);
    }

    @Test
    void errorsAreNotOk() {
        BirdReply bad = Captured.reply("configure-check-bad.txt");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.code()).isEqualTo(8002);
        assertThat(bad.message()).isEqualTo("/tmp/bgpx/bad.conf:101:41 Local AS number must be set");
        assertThat(Captured.reply("syntax-error.txt").code()).isEqualTo(9001);
    }

    @Test
    void configureOutcomes() {
        assertThat(ConfigureResult.of(Captured.reply("configure-ok.txt"))).isEqualTo(new ConfigureResult(true, 3, "Reconfigured"));
        assertThat(ConfigureResult.of(Captured.reply("configure-check-ok.txt")))
                .isEqualTo(new ConfigureResult(true, 20, "Configuration OK"));
        assertThat(ConfigureResult.of(Captured.reply("configure-check-bad.txt")).ok()).isFalse();
        assertThat(Captured.reply("show-status.txt").code()).isEqualTo(13);
    }

    @Test
    void junkIsRefusedWithTheLine() {
        assertThatThrownBy(() -> new BirdReply.Reader().accept(" orphan continuation"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continuation");
        assertThatThrownBy(() -> new BirdReply.Reader().accept("12x4 nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12x4 nope");
        assertThatThrownBy(() -> new BirdReply.Reader().accept("1002:wrong separator"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Fuzz: any sequence of lines either parses or is refused with IllegalArgumentException, never anything else. */
    @Test
    void randomLinesNeverBreakTheReader() {
        Random random = new Random(20261202);
        List<String> pieces = List.of("0000 ", "1002-", "2002-", " ", "+", "8002 ", "9", "-", "\t", "x", "0001 BIRD", "10",
                "1007-Table master4:", " \tvia 1.2.3.4 on eth0", "");
        for (int round = 0; round < 20_000; round++) {
            BirdReply.Reader r = new BirdReply.Reader();
            for (int i = 0; i < 6; i++) {
                String line = pieces.get(random.nextInt(pieces.size())) + pieces.get(random.nextInt(pieces.size()));
                try {
                    BirdReply reply = r.accept(line);
                    if (reply != null) {
                        assertThat(reply.lines()).isNotEmpty();
                        ProtocolsParser.parse(reply, java.time.ZoneOffset.UTC);
                        RoutesParser.parse(reply, java.time.ZoneOffset.UTC);
                    }
                } catch (IllegalArgumentException refused) {
                    r = new BirdReply.Reader();
                }
            }
        }
    }
}
