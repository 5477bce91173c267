/**
 * {@code weft-ipam}: the CNI IPAM plugin on the cluster IPAM ({@link dev.weft.ipam.cluster}), and
 * what the node's GC needs from it.
 *
 * <h2>Configuration (the {@code ipam} section)</h2>
 * <pre>
 * {"type": "weft-ipam",
 *  "pool": "NAME",                      or "pools": ["v4pool", "v6pool"] (one address from each; dual stack)
 *  "datastore": "etcd://10.0.0.1:2379", or an absolute path of the embedded store (default /var/lib/weft/store.json,
 *                                       the default of weft agent and the CLI)
 *  "node": "n1",                        default: the agent's --node when the agent serves the call, else the host name
 *  "dataDir": "/var/lib/cni/weft-ipam", the per-attachment records and the host lock (must be the agent's --ipam-data-dir)
 *  "routes": [{"dst": "0.0.0.0/0"}]}    returned as they are
 * </pre>
 * Requested addresses come from {@code runtimeConfig.ips} (the {@code ips} capability),
 * {@code args.cni.ips} and {@code CNI_ARGS IP=a,b}, at most one per pool. Errors are code 7 and
 * name the field ({@code ipam.pool}, {@code ipam.datastore}, ...). The result holds one address
 * per pool with the pool's prefix length, the pool's gateway when it has one, and the routes.
 * Keep {@code node} and {@code dataDir} the same on every path: the agent and the JVM launcher of
 * one node must agree on them, or its ADDs land under two node names (harmless for correctness:
 * DEL goes by the handle; but GC of the wrong name cannot see the records).
 *
 * <h2>Commands</h2>
 * <ul>
 *   <li>ADD writes the attachment's record ({@code DATADIR/NODE/CONTAINERID:IFNAME.json}: network,
 *       netns path and inode, pod) first, then allocates from each pool. Idempotent: the same
 *       attachment gets the address it holds. A failure gives back what this call got, so nothing
 *       is left half-allocated; pool exhausted is code 100 and names the pool, a requested address
 *       held by someone else 101, datastore trouble 11.</li>
 *   <li>DEL releases exactly the handle's addresses ({@code CONTAINERID:IFNAME}), then removes the
 *       record; nothing held is success. A DEL in a process that does not own the node's journal
 *       (the JVM path while the agent runs) first waits, up to 5 s, for the agent to write back an
 *       address it handed out to the attachment ({@link dev.weft.ipam.cluster.JournalReader}): the
 *       datastore knows such an address only as the node's reservation. If the wait runs out, the
 *       record is kept, so the node's GC frees the address once written back.</li>
 *   <li>CHECK: the handle holds a live address in every configured pool, and every address of
 *       {@code prevResult} inside those pools is one of them.</li>
 *   <li>GC ({@code cni.dev/valid-attachments}): releases the attachments this node's records hold
 *       for this network that are not in the valid set, at once. The runtime's list is
 *       authoritative for its own attachments on this node (runtimes serialise GC with their pod
 *       operations: cri-o holds its plugin lock, libcni's own GC first DELs stale cached
 *       attachments), so no grace period applies. It goes by the records, which carry the network
 *       name, because a pool may serve several networks (the spec's warning about shared
 *       resources): another network's attachments on this node are never touched, nor are
 *       allocations without a record (the agent's GC loop handles those).</li>
 *   <li>STATUS: the datastore answers and every configured pool exists (else 50).</li>
 * </ul>
 *
 * <h2>Where the allocator comes from</h2>
 * {@link dev.weft.ipam.cluster.plugin.IpamProvider}: the agent (fast path) keeps one
 * {@code ClusterIpam} per datastore, node and data dir for its whole life (reusing its own
 * datastore client when the configuration names the agent's store), so a warm ADD is the two
 * writes of the core and no read; the JVM path opens the datastore for its one call. Both take the
 * host lock {@code DATADIR/NODE.lock}, so a node's agent and plugin processes queue rather than
 * race each other's compare-and-swaps.
 *
 * <h3>Reserved addresses in the agent</h3>
 * The agent's allocator for its node reserves addresses ahead ({@code ClusterIpam.reserveAhead},
 * see "Reserved addresses" in {@link dev.weft.ipam.cluster}): a warm ADD takes one and records it
 * in the node's journal, {@code DATADIR/NODE.journal/} (beside the records and {@code NODE.lock};
 * the lane holds {@code NODE.journal.lock} for its life), with no datastore round trip, and the
 * agent writes it back behind. The agent opens that session when it starts, so a journal left by a
 * killed agent is replayed and written back at once. A one-call process of the node (the JVM path)
 * takes the journal for its call when the agent is down (so an address the dead agent handed out
 * is found by a repeated ADD and freed by a DEL, and what the call hands out is written back before
 * it exits); while the agent holds it, the call allocates on the datastore's path, as every
 * process did before. How many a node keeps per pool is the agent's {@code --ipam-reserve N}
 * (default 8, refilled below half; 0: none) — raise it on nodes that start pods in bursts larger
 * than that, since the ADDs beyond the reservations take the datastore's path;
 * {@code -Dweft.ipam.reserve=false} on the agent's JVM turns reservations off whatever the flag.
 *
 * <h2>The node's GC</h2>
 * {@link dev.weft.ipam.cluster.plugin.LocalAttachments} answers "which attachments exist on this
 * node" for {@link dev.weft.ipam.cluster.IpamGc}: every attachment with a handle on this node or a
 * record, except those whose record's network namespace is definitely gone (the path is missing
 * where its directory is visible, or names another namespace: {@link
 * dev.weft.ipam.cluster.plugin.NetnsProbe}). That is true for pods added by any runtime (every one
 * passes {@code CNI_NETNS}), and an address is released only once its pod's namespace is gone and
 * the grace period has passed; what cannot be seen counts as present. So a record is only ever
 * removed once nothing can come back for its attachment: after its DEL released it, or by
 * {@code LocalAttachments.prune} once its namespace is gone, no handle names it and the journal
 * holds no address of it still to be written back (before 2026-12-03 prune looked at the handles
 * only, and an address written back after it counted as present for ever: a leak of the kind the
 * torture test reported once in CI).
 *
 * <h2>Limits and hazards</h2>
 * A runtime that keeps a dead pod's namespace file around keeps its address until DEL. A data dir
 * lost (a reinstall) makes the node's attachments look present for ever (a leak, shown by
 * {@code weft ipam show}), never absent. The records sit in one directory per node; the embedded
 * datastore serialises every write through one file, so it suits one host or the lab.
 */
package dev.weft.ipam.cluster.plugin;
