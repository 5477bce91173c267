package dev.weft.store.embedded;

import dev.weft.store.Entry;
import dev.weft.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's state: its file format round-trips exactly, and its event log is cut in whole revisions. */
class StateTest {

    static State sample() {
        State s = new State();
        long lease = s.nextLease++;
        s.leases.put(lease, new long[] {3000, 1_800_000_000_000L});
        for (int i = 0; i < 3; i++) {
            long rev = s.bump();
            Entry e = new Entry("/k/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), rev, rev, i == 2 ? lease : 0);
            s.entries.put(e.key(), e);
            s.record(new WatchEvent(WatchEvent.Type.PUT, e, rev));
        }
        Entry gone = s.entries.remove("/k/0");
        s.record(new WatchEvent(WatchEvent.Type.DELETE, gone, s.bump()));
        return s;
    }

    @Test
    void theFileFormatRoundTrips() throws Exception {
        byte[] file = StateCodec.encode(sample());
        State back = StateCodec.decode(file);
        assertThat(StateCodec.encode(back)).isEqualTo(file);
        assertThat(back.entries).containsOnlyKeys("/k/1", "/k/2");
        assertThat(back.events).extracting(WatchEvent::type).containsExactly(
                WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.DELETE);
    }

    /** The errors name the field, so a damaged file can be mended by hand. */
    @Test
    void errorsNameTheField() {
        String good = new String(StateCodec.encode(sample()), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StateCodec.decode(good.replace("\"lease\":1", "\"lease\":9").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("entries[1].lease: lease 9 is not in leases");
        assertThatThrownBy(() -> StateCodec.decode(good.replace("\"revision\":4,", "\"revision\":2,").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("ahead of the store's revision 2");
        assertThatThrownBy(() -> StateCodec.decode(good.replace("\"type\":\"DELETE\"", "\"type\":\"MOVE\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("events[3].type: \"MOVE\" is not PUT or DELETE");
    }

    /** A batch (one revision) larger than the log is kept whole while it is the newest; older revisions go whole. */
    @Test
    void theEventLogIsCutInWholeRevisions() {
        State s = new State();
        for (int i = 0; i < State.EVENT_LOG - 10; i++) {
            put(s, "/single/" + i, s.bump());
        }
        long batch = s.bump();
        for (int i = 0; i < 20; i++) {
            put(s, "/batch/" + i, batch);
        }
        s.trimEvents();
        assertThat(s.events).hasSize(State.EVENT_LOG);
        assertThat(s.events.stream().filter(e -> e.revision() == batch)).hasSize(20);

        long huge = s.bump();
        for (int i = 0; i < State.EVENT_LOG + 500; i++) {
            put(s, "/huge/" + i, huge);
        }
        s.trimEvents();
        assertThat(s.events).as("only the newest revision, whole").hasSize(State.EVENT_LOG + 500)
                .allMatch(e -> e.revision() == huge);
        assertThat(s.oldestEvent).isEqualTo(huge);

        put(s, "/after", s.bump());
        s.trimEvents();
        assertThat(s.events).as("the old batch goes whole").hasSize(1);
    }

    private static void put(State s, String key, long rev) {
        Entry e = new Entry(key, new byte[0], rev, rev, 0);
        s.entries.put(key, e);
        s.record(new WatchEvent(WatchEvent.Type.PUT, e, rev));
    }
}
