/**
 * The per-attachment cache, in libcni's layout so that other runtimes' tools can read it:
 * {@code CACHE_DIR/results/NETWORK-CONTAINERID-IFNAME}, a JSON document of kind
 * {@code cniCacheV1} holding the configuration list (base64, as Go encodes {@code []byte}), the
 * netns, CNI_ARGS pairs, capability arguments and the result.
 *
 * <p>Writes go to a temporary file renamed into place, so a crash never leaves half a record.
 * A record that cannot be parsed is skipped when listing (and reported), never fatal.
 * As libcni, the directory is {@code rwx------} and records {@code rw-------}, here exactly,
 * whatever the umask; nothing is written through a symbolic link (a link at a record's name is
 * replaced, a linked {@code results} directory refused; see {@code dev.weft.io}).
 */
package dev.weft.runtime.cache;
