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
 * exponential backoff; a lost CAS re-reads (the cache is only a guess). The block write and the
 * handle write are one guarded transaction ({@code Datastore.commitIf}: the block's and the
 * handle's mod revisions compared, both written, or nothing): the hot path is one round trip and
 * one commit (on etcd one raft entry, one WAL fsync), no read. The handle's revision comes from the
 * process's handle cache ({@link dev.weft.ipam.cluster.IpamStore}); for an attachment it never saw
 * the transaction requires that there be no handle. When the transaction fails with the block as
 * read, the handle was what differed: it is read, and if it already holds a live address of the
 * pool (confirmed by the stored handle and its block) that one is returned: ADD is idempotent per
 * attachment and pool, and needs no room to be repeated. A DEL of a handle this process knows is
 * one guarded transaction too (every block slot freed and the handle deleted); a stale guess fails
 * it and the DEL goes address by address from fresh reads. Round trips of a warm ADD / DEL:
 * before 2026-12-02 (4th session) 2 concurrent CAS writes / 1 read + 2 sequential writes; now
 * 1 transaction / 1 transaction (1 read first when the handle was written by another process).
 *
 * <h2>Reserved addresses (ReservedLane): the ADD off the commit's path</h2>
 * An etcd commit waits for etcd's WAL fsync (5-9 ms for a synchronous 4 KiB write on the bench
 * machine), so an ADD that commits cannot come within 5 ms of host-local. The node's agent
 * ({@link dev.weft.ipam.cluster.ClusterIpam#reserveAhead}) therefore keeps a few addresses per pool
 * reserved ahead of need: block slots marked {@code reserved} for the node (no attachment, no
 * handle, a sequence number like any allocation), written by compare-and-swap in one transaction
 * per block whenever fewer than the low-water mark are left (default: 8 kept, refilled below 4),
 * only in blocks the node already holds (a refill never claims a block, so reservations never take
 * what another node could claim). No other node or process allocates a reserved slot: it is
 * allocated as far as every block reader is concerned.
 * <ul>
 *   <li><b>ADD</b>: the attachment's address if the lane's index holds one (idempotent), else the
 *       oldest unused reservation: its journal entry (attachment, pool, address, block, the
 *       reservation's seq, pod) is created in {@code DATADIR/NODE.journal/} by temp file and
 *       rename, and the ADD returns. No datastore round trip. A background thread then writes it
 *       back: the slot, still the node's reservation under that seq, becomes the attachment's under
 *       the same seq, and the handle is written, in one transaction per block for every address
 *       handed out meanwhile (batched). With no reservation left (or a requested address) the ADD
 *       takes the datastore's path as before and kicks a refill.</li>
 *   <li><b>DEL</b> waits for a write-back under way, then frees a not-yet-written address as the
 *       node's reservation (into the block's freed list: reuse last holds, it is not handed out
 *       again locally) and releases what the datastore holds for the attachment as before; the
 *       journal entry goes last.</li>
 *   <li><b>Start</b> ({@link dev.weft.ipam.cluster.LaneReplay}): the journal against one snapshot.
 *       An entry whose slot is still the node's reservation under its seq is written back; one whose
 *       slot is its attachment's was written; any other was released since and is dropped (never
 *       used to free anything). Reservations no entry claims are unused again: an ADD killed before
 *       its entry existed returned nothing to anyone. So kill -9 anywhere leaves no duplicate (only
 *       this node hands out its reservations, and only through its journal) and no leak (every
 *       reservation is either claimed by an entry or free again).</li>
 *   <li><b>No fsync of the journal.</b> A killed agent loses nothing: the rename is in the page
 *       cache and the next start sees it. Only a power cut or kernel crash can lose an entry or
 *       bring back a deleted one, and that also kills every pod of the node: their runtime ADDs
 *       them again after the reboot. An entry lost then frees a reservation of a dead pod (right);
 *       one come back is written back for a dead pod whose namespace is gone, and the node's GC
 *       releases it after the grace period (a bounded leak, never a duplicate: the datastore decides,
 *       and a reservation is only ever claimed while it is still the node's). An fsync per ADD
 *       would cost the very milliseconds this design removes.</li>
 *   <li><b>GC, check, show</b>: a live node's reservation is never released (its journal may have
 *       handed it out); a removed node's are released with everything else of it. {@code check}
 *       counts it as committed, {@code show} lists it as reserved, not in use.</li>
 *   <li><b>Exhaustion</b> ({@link dev.weft.ipam.cluster.GiveBack}): taking another node's
 *       reservation would be a duplicate (it hands them out without asking). An ADD that finds the
 *       pool exhausted while other nodes hold reservations there writes {@code /weft/ipam/wanted/POOL}
 *       and retries for up to {@code IpamOptions.giveBackWait} (5 s); every lane watches that prefix,
 *       gives its unused reservations of the pool back at once and reserves none there for a
 *       cool-down (1 min).</li>
 * </ul>
 * Hazards: one lane per node (it holds {@code DATADIR/NODE.journal.lock}; another process of the
 * node keeps the datastore's path while it is held, and takes the journal for its call when the
 * agent is down: see the plugin's notes). An attachment ADDed by another process of the node while
 * the lane runs is seen through the snapshot at the lane's start only; an ADD repeated through the lane while that other process runs gets a
 * reservation, and its write-back replaces the handle's address of the pool (the last ADD wins; the
 * other allocation, no longer in the handle, is released by GC after the grace period). Reservations
 * of a node whose agent is down cannot be given back until it returns or the node is removed.
 *
 * <h2>Sequence numbers (ABA)</h2>
 * Every allocation gets its block's {@code nextSeq}. A claimed block starts at the store's
 * revision + 1, and every allocation is a write that raises the revision, so a sequence number is
 * never issued twice for an address even across a block returned and claimed again. Releases
 * ({@code releaseIf}, GC, DEL through the handle) name (ordinal, attachment, seq): a stale
 * release finds another seq and frees nothing.
 *
 * <h2>Crash safety</h2>
 * An ADD returns only once its block and its handle both name the allocation (written together);
 * a DEL frees the block slots and deletes the handle together, or, on its slow path, frees the
 * block slots first, then deletes the handle. An ADD adopting a requested address already in its
 * block records the handle after it. A crash there leaves an allocation without handle (never
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
 * <h2>Borrowed addresses and bridge pods (routing)</h2>
 * With weft-ipam behind a bridge ({@code weft cluster init --backend host-gw|vxlan --pool NAME}:
 * weft-bridge delegating to weft-ipam, pods not on the node's subnet lease), pod addresses live in
 * blocks affine to nodes, and a borrowed address lives on a node other than its block's (Calico
 * #3246). {@link dev.weft.ipam.cluster.PeerRoutes} (pure) is the plan: per peer, its blocks and a
 * host route for every address it borrowed (longest prefix wins over the lender's block route, on
 * the lender too, whose reverse-path check would otherwise drop the borrower's packets), and
 * locally the node's own blocks and a host route for every address it borrowed, to the pods'
 * bridge. {@link dev.weft.ipam.cluster.RoutingView#read} reads one pool's blocks for it. The agent
 * applies it ({@code node.backend.BlockRoutes}: at the end of every peer round, woken by a watch of
 * {@link dev.weft.ipam.cluster.IpamKeys#blocksOf}, next hops from {@code Backend.routeVia}, routes
 * of protocol 87 it lists back to remove stale ones). The pods' side: weft-bridge's
 * {@code hostPrefix} gives each pod its address as a /32 behind a link-local gateway (169.254.1.1)
 * on the bridge, which holds no pool prefix: no pod of another node looks on-link, and no connected
 * pool route claims addresses whose block route is missing. Proxy ARP on a bridge holding the pool
 * prefix was the alternative, rejected: sysctls per bridge, the same prefix on every node, and a
 * pool of one block would make the block route and the connected route collide.
 *
 * <h2>Limits and hazards</h2>
 * Blocks are rewritten whole (at most 4096 addresses, default 64); the embedded store rewrites
 * its whole file, event log included, per write, so it suits a host or the lab, not a big
 * cluster. Allocation times come from the allocating host's clock and GC compares them with its
 * own: clock skew must stay well below the grace period. A block returned to the pool forgets its
 * freed order. A pool's CIDR and block size never change (delete and add instead).
 */
package dev.weft.ipam.cluster;
