package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A lane's thread: drops the reservations of deleted pools (a watch of the pools), gives
 * reservations back when another node asks ({@link GiveBack#watch}; the
 * watch's callback only queues, as a store client's callback thread must not block on the store),
 * and, when {@code background}, writes handed-out addresses back and refills whenever kicked (an
 * ADD, a DEL) and every second. A failed round is logged and tried again.
 */
final class LaneWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LaneWorker.class.getName());
    private static final long PERIOD_MS = 1000;

    private final ReservedLane lane;
    private final boolean background;
    private final LinkedBlockingQueue<Boolean> kicks = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<String> asks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final AutoCloseable watch;
    private final AutoCloseable poolWatch;
    private volatile boolean poolsChanged;
    private volatile boolean running = true;

    LaneWorker(ReservedLane lane, Datastore store, String node, boolean background) {
        this.lane = lane;
        this.background = background;
        this.thread = Thread.ofPlatform().daemon().name("weft-ipam-lane-" + node).unstarted(this::loop);
        this.thread.start();
        this.watch = GiveBack.watch(store, node, (pool, asker) -> {
            asks.add(pool);
            kick();
        });
        this.poolWatch = store.watch(IpamKeys.POOLS, store.revision(), e -> {
            poolsChanged = true;
            kick();
        });
    }

    void kick() {
        kicks.offer(Boolean.TRUE);
    }

    private void loop() {
        while (running) {
            try {
                kicks.poll(PERIOD_MS, TimeUnit.MILLISECONDS);
                kicks.clear();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (poolsChanged) {
                    poolsChanged = false;
                    lane.poolsChanged();
                }
                for (String pool = asks.poll(); pool != null; pool = asks.poll()) {
                    lane.giveBack(pool);
                }
                if (background) {
                    lane.flush();
                    lane.refill();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "IPAM lane round failed; trying again", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (AutoCloseable w : new AutoCloseable[] {watch, poolWatch}) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a watch of the lane failed", e);
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
