/**
 * The agent's side of the cluster IPAM ({@code dev.weft.ipam.cluster}): weft-ipam served in the
 * agent with one long-lived allocator per datastore (wired by {@code CniService}), and the GC loop.
 *
 * <h2>The GC loop</h2>
 * Every agent runs {@link dev.weft.node.ipam.IpamGcLoop} while the cluster has pools: a pass
 * every period (1 min), and one at once when a node is marked removed (a watch on
 * {@code /weft/ipam/removed/}). In a pass the live nodes are those the IPAM records name less the
 * removed ones: a removed node's allocations are released at once and its blocks returned, by
 * whichever agent gets there first (the writes are compare-and-swaps; the others find nothing
 * left). This node answers for its own attachments only, from weft-ipam's records and the pods'
 * namespaces ({@code LocalAttachments}), which holds for pods added by any runtime; an address is
 * released once its namespace has been seen gone for the grace period (10 min), never while it
 * exists. Empty blocks are marked, and returned when still empty at a later pass. Other nodes'
 * attachments are "cannot tell": their own agents decide.
 *
 * <h2>Hazards</h2>
 * A node is only "removed" by {@code weft cluster remove-node}; an agent that is down keeps its
 * addresses (its pods may still run). A node that comes back under a removed name clears its mark
 * when its agent starts; plugin calls on it before that would be released as the removed node's.
 * The agent's {@code --ipam-data-dir} must be the plugin's {@code dataDir}, or this node's records
 * are not found (its attachments then count as present: a leak, never a live address lost).
 */
package dev.weft.node.ipam;
