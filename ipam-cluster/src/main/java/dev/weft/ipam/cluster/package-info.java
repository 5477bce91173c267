/**
 * Cluster-wide IPAM on the datastore (etcd or the embedded store), Calico's model: pools cut into
 * blocks, blocks claimed by nodes, one handle per attachment.
 *
 * <h2>Key layout</h2>
 * <pre>
 * /weft/ipam/pools                              every pool, one JSON document (add and its overlap check = one CAS)
 * /weft/ipam/blocks/POOL/NET-LEN                a block: affinity node, nextSeq, slots (ordinal, handle, pod,
 *                                               node, seq, allocatedAt, missingSince), freed ordinals oldest
 *                                               first, emptySince
 * /weft/ipam/affinity/NODE/POOL/NET-LEN         index: the blocks a node claimed ({"claimedAt":ms}); a hint only
 * /weft/ipam/handles/CONTAINERID:IFNAME         a handle: node, pod, addresses (ip, pool, block, seq, at)
 * </pre>
 * The block is the truth for who holds an address; the handle is the index by attachment and
 * the index by node is a hint (a block's own affinity decides, libcalico-go #778).
 *
 * <h2>Allocation (ClusterIpam.allocate)</h2>
 * Under a per-node lock (and optionally a host-wide {@link dev.weft.ipam.cluster.HostLock}): the
 * node's blocks from the process cache, never-used addresses first, then the longest-freed (reuse
 * last: a late packet for a deleted pod must not reach a new one); then claim a free block (one
 * of the first eight free, at random; index entry first, then the block created with the address
 * in the same CAS); then, strict affinity off, borrow an address from another node's block. Every
 * write is a CAS on the mod revision the writer read, inside bounded retries with jittered
 * exponential backoff; a lost CAS re-reads (the cache is only a guess). The handle write (CAS on
 * absent, then on the revision this ADD wrote) is sent together with each block write, so the
 * hot path is one CAS on the block and one on the handle at once, no read: one round trip.
 * A handle entry counts only where its block holds the same attachment and seq, so an entry
 * whose block write lost is inert (and overwritten by the next attempt). When the handle already
 * exists (a repeated ADD; the second pool of a dual-stack attachment) it is read and updated after
 * the block write; if it already holds a live address of the pool, that one is returned and the
 * new one freed: ADD is idempotent per attachment and pool, and needs no room to be repeated.
 *
 * <h2>Sequence numbers (ABA)</h2>
 * Every allocation gets its block's {@code nextSeq}. A claimed block starts at the store's
 * revision + 1, and every allocation is a write that raises the revision, so a sequence number is
 * never issued twice for an address even across a block returned and claimed again. Releases
 * ({@code releaseIf}, GC, DEL through the handle) name (ordinal, attachment, seq): a stale
 * release finds another seq and frees nothing.
 *
 * <h2>Crash safety</h2>
 * An ADD returns only once its block and its handle both name the allocation; a DEL frees the
 * block slots first, then deletes the handle. A crash leaves an allocation without handle (never
 * returned to anyone: GC frees it after the grace period, once its attachment is gone or holds
 * another address of the pool) or a handle entry without allocation (the next DEL or GC removes it,
 * GC only once the block has issued that seq or the entry is older than the grace period, since a
 * young one may be an ADD under way). Nothing else is ever half-written.
 *
 * <h2>Garbage collection (IpamGc)</h2>
 * Reads one snapshot, then asks {@link dev.weft.ipam.cluster.AttachmentSource} per node (in that
 * order: whereabouts #207). Per slot: node not live → release now; not in its handle and older
 * than the grace → release unless its attachment exists with no other address in the pool;
 * attachments unknown → leave; attachment present → clear a missing mark; absent → mark
 * (missingSince), and release once marked for the grace period (default 10 min). The marks live
 * in the block, so a one-shot {@code weft ipam gc} and the agent's loop share them. Per block:
 * held by a removed node → deleted when empty, else affinity cleared (Calico #5218: refusing left
 * it stuck); empty → marked, and deleted the next pass if untouched since. Stale handle entries
 * and index entries (older than the grace) are removed; a missing index entry is restored.
 * Writes are CASes at the snapshot's revisions; a lost one re-applies only the actions whose
 * (ordinal, attachment, seq) still match, so an allocation made meanwhile survives. An empty live
 * node list is refused.
 *
 * <h2>For the thin layers</h2>
 * The {@code weft-ipam} plugin: {@code allocate(new AllocationRequest(node, AttachmentId.of(
 * CNI_CONTAINERID, CNI_IFNAME), pod, pool, requestedIp))} per configured pool, result from
 * {@link dev.weft.ipam.cluster.Allocation#inPool()} and its gateway; DEL {@code release};
 * CHECK {@code lookup}; errors: {@link dev.weft.ipam.cluster.IpamException#cniCode()}. One
 * {@code ClusterIpam} per process; pass {@code new FileMutex(path)::locked} as host lock.
 * CLI: {@link dev.weft.ipam.cluster.PoolAdmin} with {@link dev.weft.ipam.cluster.PoolSpec};
 * {@code IpamReport.show/check(IpamSnapshot.read(store), ...)}; {@code new IpamGc(...).run(live,
 * dryRun)}. Routing: {@link dev.weft.ipam.cluster.ClusterIpam#routing()} (blocks per node,
 * borrowed addresses), re-read on a watch of {@link dev.weft.ipam.cluster.IpamKeys#BLOCKS}.
 *
 * <h2>Limits and hazards</h2>
 * Blocks are rewritten whole (at most 4096 addresses, default 64); the embedded store rewrites
 * its whole file, event log included, per write, so it suits a host or the lab, not a big
 * cluster. Allocation times come from the allocating host's clock and GC compares them with its
 * own: clock skew must stay well below the grace period. A block returned to the pool forgets its
 * freed order. A pool's CIDR and block size never change (delete and add instead).
 */
package dev.weft.ipam.cluster;
