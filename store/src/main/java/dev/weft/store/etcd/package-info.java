/**
 * The etcd datastore on jetcd: every operation maps one-to-one to etcd (CAS is a transaction on
 * the key's mod revision or version 0), leases are etcd leases renewed with keep-alive-once, and
 * watches are etcd watches from a revision. Calls block with a timeout so an unreachable cluster
 * is an error, not a hang.
 *
 * <p>A batch ({@code commit}) is one transaction when it fits etcd's limits: 128 operations
 * ({@code --max-txn-ops}; etcd counts the operations of nested transactions against the same
 * budget, so nesting does not raise it) and about 1 MiB of keys and values
 * ({@code --max-request-bytes} is 1.5 MiB by default). A larger one is several transactions,
 * undone from etcd's {@code prevKv} when a later one fails ({@link dev.weft.store.etcd.EtcdBatch}):
 * all or nothing in the end, but not at one revision, and a crash between them leaves the first.
 *
 * <p>Limit: the client speaks plain {@code http://} to etcd, without TLS or authentication; anyone
 * who can reach etcd's client port can read and change the cluster state.
 */
package dev.weft.store.etcd;
