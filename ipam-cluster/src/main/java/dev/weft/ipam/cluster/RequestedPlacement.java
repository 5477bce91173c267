package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;

import java.util.Optional;

/**
 * Placing a specific requested address: in its block whoever holds the block (it is then
 * borrowed, and refused when the pool has strict affinity), or in a block claimed for this node
 * when the block does not exist yet. If the address is already allocated to this same attachment
 * (an ADD retried after a crash), that allocation is adopted.
 */
final class RequestedPlacement {
    private final Placement.Ctx ctx;
    private final AllocationRequest req;
    private final Pool pool;
    private final IpAddress ip;
    private final HandleDraft draft;

    RequestedPlacement(Placement.Ctx ctx, AllocationRequest req, Pool pool, HandleDraft draft) {
        this.ctx = ctx;
        this.draft = draft;
        this.req = req;
        this.pool = pool;
        this.ip = req.requested().orElseThrow();
        if (!pool.cidr().contains(ip)) {
            throw new IpamException(IpamError.INVALID_ARGUMENT, "requestedIp", "requested address " + ip
                    + " is not in pool " + pool.name() + " (" + pool.cidr() + ")");
        }
        if (!pool.allocatable(ip)) {
            throw new IpamException(IpamError.ADDRESS_UNAVAILABLE, "requestedIp", "requested address " + ip
                    + " is reserved in pool " + pool.name() + " (excluded, the gateway, or the network/broadcast address)");
        }
    }

    Optional<Placed> attempt() {
        Cidr cidr = pool.blockOf(ip);
        int ordinal = Block.ordinal(cidr, ip);
        long now = ctx.options().clock().millis();
        Optional<Versioned<Block>> vb = ctx.cache().reread(pool.name(), cidr);
        if (vb.isEmpty()) {
            ctx.store().putAffinity(req.node(), pool.name(), cidr, now);
            Block fresh = Block.claimed(pool.name(), cidr, req.node(), ctx.store().revision() + 1);
            Step s = ctx.writes().allocate(req, pool, fresh, Datastore.ABSENT, ordinal, now, draft);
            if (s.done()) {
                ctx.cache().affine(req.node(), pool.name(), false).add(cidr);
            }
            return Optional.ofNullable(s.placed());
        }
        Block b = vb.get().value();
        Slot held = b.slots().get(ordinal);
        if (held != null) {
            if (held.attachment().equals(req.attachment())) {
                return Optional.of(BlockWrites.placed(pool, b, ordinal, held.seq(), req.node()));
            }
            throw new IpamException(IpamError.ADDRESS_UNAVAILABLE, "requestedIp", "requested address " + ip
                    + " in pool " + pool.name() + " is held by " + held.attachment() + " on node " + held.node());
        }
        if (pool.strictAffinity() && b.affinity().filter(req.node()::equals).isEmpty()) {
            throw new IpamException(IpamError.ADDRESS_UNAVAILABLE, "requestedIp", "requested address " + ip
                    + " is in block " + cidr + " of node " + b.affinity().orElse("(none)") + " and pool " + pool.name()
                    + " has strict affinity");
        }
        return Optional.ofNullable(ctx.writes().allocate(req, pool, b, vb.get().modRevision(), ordinal, now, draft).placed());
    }
}
