package dev.weft.cli.ipam;

import dev.weft.ipam.cluster.GcReport;
import dev.weft.ipam.cluster.IpamReport;
import dev.weft.ipam.cluster.IpamSnapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/** The text of {@code weft ipam show}, {@code check} and {@code gc}. */
final class IpamText {
    private IpamText() {
    }

    static String show(List<IpamReport.PoolUsage> pools) {
        StringBuilder b = new StringBuilder();
        if (pools.isEmpty()) {
            b.append("no IP pools (weft ipam pool add NAME CIDR)\n");
        }
        for (IpamReport.PoolUsage p : pools) {
            b.append(String.format("pool %s %s: %d of %s addresses in use (%s%%), %d reserved by nodes%n", p.pool(),
                    p.cidr(), p.used(), p.capacity(), percent(p.used(), p.capacity()), p.reserved()));
            b.append(String.format("  %-28s %-20s %8s %8s %8s%n", "BLOCK", "NODE", "USED", "BORROWED", "RESERVED"));
            for (IpamReport.BlockUsage u : p.blocks()) {
                b.append(String.format("  %-28s %-20s %8s %8d %8d%n", u.block(), u.node().orElse("(none)"),
                        u.used() + "/" + u.capacity(), u.borrowed(), u.reserved()));
            }
            b.append(String.format("  %-28s %8s %8s %8s %8s%n", "NODE", "BLOCKS", "USED", "BORROWED", "RESERVED"));
            for (IpamReport.NodeUsage n : p.nodes()) {
                b.append(String.format("  %-28s %8d %8d %8d %8d%n", n.node(), n.blocks(), n.usedInOwnBlocks(), n.borrowed(),
                        n.reserved()));
            }
        }
        return b.toString();
    }

    /** One line per allocation: address, pool, node, attachment, pod, and whether its handle records it. */
    static String addresses(IpamSnapshot snap, java.util.Optional<String> pool) {
        StringBuilder b = new StringBuilder(String.format("%-40s %-16s %-16s %-40s %-24s %s%n", "ADDRESS", "POOL", "NODE",
                "ATTACHMENT", "POD", "HANDLE"));
        for (var vb : snap.blocks()) {
            var blk = vb.value();
            if (pool.isPresent() && !pool.get().equals(blk.pool())) {
                continue;
            }
            blk.slots().forEach((o, slot) -> b.append(String.format("%-40s %-16s %-16s %-40s %-24s %s%n", blk.address(o),
                    blk.pool(), slot.node(), slot.reserved() ? "(reserved)" : slot.attachment(), slot.pod().orElse("-"),
                    slot.reserved() ? "reserved" : snap.committed(blk, o, slot) ? "yes" : "no")));
        }
        return b.toString();
    }

    private static String percent(long used, BigInteger capacity) {
        if (capacity.signum() == 0) {
            return "0";
        }
        return new BigDecimal(used * 100).divide(new BigDecimal(capacity), 1, RoundingMode.HALF_UP).toPlainString();
    }

    static String check(List<IpamReport.Inconsistency> found, IpamSnapshot snap) {
        if (found.isEmpty()) {
            long allocated = snap.blocks().stream().mapToLong(b -> b.value().slots().size()).sum();
            return "consistent: " + snap.pools().pools().size() + " pool(s), " + snap.blocks().size() + " block(s), "
                    + allocated + " allocation(s), " + snap.handles().size() + " handle(s)\n";
        }
        StringBuilder b = new StringBuilder();
        for (IpamReport.Inconsistency i : found) {
            b.append(i.kind()).append(' ').append(i.subject()).append(": ").append(i.detail()).append('\n');
        }
        b.append(found.size()).append(" inconsistenc").append(found.size() == 1 ? "y" : "ies")
                .append(" (weft ipam gc repairs what has outlived the grace period)\n");
        return b.toString();
    }

    static String gc(GcReport r, int pruned) {
        StringBuilder b = new StringBuilder(r.dryRun() ? "dry run: would release " : "released ");
        b.append(r.released().size()).append(" address(es)\n");
        for (GcReport.Released x : r.released()) {
            b.append("  ").append(x.ip()).append(" (pool ").append(x.pool()).append(", node ").append(x.node())
                    .append(", ").append(x.attachment()).append(x.pod().map(p -> ", pod " + p).orElse(""))
                    .append("): ").append(x.reason()).append('\n');
        }
        b.append("blocks returned ").append(r.blocksReturned()).append(", marked empty ").append(r.blocksMarkedEmpty())
                .append(", affinity cleared ").append(r.affinitiesCleared()).append('\n');
        b.append("attachments marked missing ").append(r.markedMissing()).append(", seen again ").append(r.clearedMissing())
                .append(", handle entries fixed ").append(r.handlesFixed()).append(", index entries fixed ").append(r.indexFixed())
                .append(", records pruned ").append(pruned).append('\n');
        if (!r.unknownNodes().isEmpty()) {
            b.append("left alone (attachments unknown here: run on the node with --node, or let its agent do it): ")
                    .append(r.unknownNodes()).append('\n');
        }
        if (r.pending() > 0 || r.raced() > 0) {
            b.append("ADDs under way ").append(r.pending()).append(", actions dropped because the record changed ")
                    .append(r.raced()).append('\n');
        }
        return b.toString();
    }
}
