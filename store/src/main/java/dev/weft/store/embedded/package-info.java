/**
 * The embedded datastore: one JSON file, rewritten atomically (temp file + rename) under a host
 * lock for every change, so the processes of one machine (the lab's agents, CLI commands) share
 * it safely. Leases expire lazily, on the next operation or watch poll after their deadline.
 * Watches poll the file (100 ms) and replay a bounded event log; a watch older than the log is
 * told it is compacted, as etcd does. Meant for one host and the lab, not for scale.
 */
package dev.weft.store.embedded;
