package dev.weft.overlay.udp.peer;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@link LivePeers} in step with the peers file: reloads it when inotify (Java's
 * {@link WatchService}) reports a change in its directory, and checks it every second anyway (an
 * event can be missed, e.g. when the directory is replaced). A file that does not parse changes
 * nothing; the error is kept for the status file until a good file arrives. A missing file means
 * no peers yet (the agent has not written it), not an error.
 */
public final class PeerWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerWatcher.class.getName());

    private final Path file;
    private final LivePeers peers;
    private final WatchService watch;
    private final Thread thread;
    private volatile String lastError = "";
    private volatile boolean closed;
    private Object lastKey;

    private PeerWatcher(Path file, LivePeers peers) throws IOException {
        this.file = file.toAbsolutePath();
        this.peers = peers;
        Files.createDirectories(this.file.getParent());
        this.watch = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        reload();
        this.thread = Thread.ofPlatform().daemon().name("udp-peers").unstarted(this::run);
    }

    /** Loads {@code file} into {@code peers} now and keeps doing so on every change. */
    public static PeerWatcher start(Path file, LivePeers peers) throws IOException {
        PeerWatcher w = new PeerWatcher(file, peers);
        w.thread.start();
        return w;
    }

    /** The last load's error, empty when it succeeded. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        while (!closed) {
            try {
                var key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                reload();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    /** Reloads when the file's identity, size or time changed; public for tests and SIGHUP-like use. */
    public synchronized void reload() {
        Object key;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            key = a.fileKey() + "/" + a.size() + "/" + a.lastModifiedTime().toMillis();
        } catch (NoSuchFileException e) {
            key = "missing";
        } catch (IOException e) {
            lastError = "cannot stat " + file + ": " + e.getMessage();
            return;
        }
        if (Objects.equals(key, lastKey)) {
            return;
        }
        try {
            PeerTable table = "missing".equals(key) ? PeerTable.EMPTY : PeerTable.of(PeerFile.read(file));
            peers.replace(table);
            lastKey = key;
            lastError = "";
            LOG.log(System.Logger.Level.INFO, "peers: " + table.size() + " from " + file);
        } catch (NoSuchFileException e) {
            lastKey = null;
        } catch (IOException | IllegalArgumentException e) {
            lastKey = key;
            lastError = e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "peers file " + file + " refused, keeping " + peers.current().size()
                    + " peers: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            // closing the watch only ends the thread sooner
        }
        thread.interrupt();
    }
}
