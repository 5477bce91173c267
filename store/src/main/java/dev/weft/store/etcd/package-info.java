/**
 * The etcd datastore on jetcd: every operation maps one-to-one to etcd (CAS is a transaction on
 * the key's mod revision or version 0), leases are etcd leases renewed with keep-alive-once, and
 * watches are etcd watches from a revision. Calls block with a timeout so an unreachable cluster
 * is an error, not a hang.
 */
package dev.weft.store.etcd;
