/**
 * The cluster's datastore, etcd's model cut to what weft needs: keys with revisions,
 * compare-and-swap writes, leases with a TTL that take their keys with them, and watches that
 * replay every change after a revision. {@link dev.weft.store.Datastore} has two implementations
 * behind one contract test: {@code embedded} (a file shared by the processes of one machine, the
 * default for the lab and single hosts) and {@code etcd} (jetcd, for real clusters).
 */
package dev.weft.store;
