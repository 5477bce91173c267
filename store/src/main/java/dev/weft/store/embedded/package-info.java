/**
 * The embedded datastore: one JSON file, rewritten atomically (temp file + rename) under a host
 * lock for every change, so the processes of one machine (the lab's agents, CLI commands) share
 * it safely. Leases expire lazily, on the next operation or watch poll after their deadline.
 * Watches poll the file (100 ms), one thread for all the watches of a handle ({@code WatchPoller}) —
 * a {@code stat} while it is unchanged, one read for them all only when it changed or a lease fell
 * due (so an idle node's watches cost next to nothing: 30 lab agents with seven watches each, a
 * thread and a read and decode of the whole file per watch every poll, kept a CPU busy) — and replay a
 * bounded event log, kept in whole revisions; a watch
 * older than the log is told it is compacted, as etcd does. Meant for one host and the lab, not
 * for scale: every operation reads the whole file.
 *
 * <p>The file is outside input: {@code StateCodec} decodes it exactly (every field, its type, no
 * other field, nothing after it, revisions and leases consistent), and anything else is an error
 * naming the file, the field and how to recover. Nothing is written over a file that could not be
 * read. Before each change the current file, which was just decoded and so is good, becomes
 * {@code FILE.bak} (a hard link renamed into place: atomic, no copy). A file that does not exist is
 * a new, empty store. The file and its backup are mode 0600 (the temp file's mode).
 */
package dev.weft.store.embedded;
