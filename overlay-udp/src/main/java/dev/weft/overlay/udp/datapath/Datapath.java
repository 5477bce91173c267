package dev.weft.overlay.udp.datapath;

import java.util.List;
import java.util.Optional;

/**
 * A running datapath: packet threads moving packets between the TUN and the underlay socket(s)
 * until {@link #close()}. It owns its threads, not the TUN or the sockets.
 */
public interface Datapath extends AutoCloseable {

    DatapathKind kind();

    /** The packet threads (for allocation checks and CPU accounting). */
    List<Thread> threads();

    /** The counters, summed over the threads. */
    CounterSnapshot counters();

    /** What ended a packet thread that died, if one did: the datapath is then broken. */
    Optional<Throwable> failure();

    /** Stops the threads and waits for them. */
    @Override
    void close();
}
