package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A block of a pool, the unit of compare-and-swap: its node affinity (empty once its node was
 * removed while others still borrow from it), the next sequence number, the allocated slots by
 * ordinal (offset from the block's first address), the freed ordinals oldest first (reused only
 * when no never-used ordinal is left, and then the longest-freed first), and when garbage
 * collection first saw it empty. Pure: every change returns a new block.
 */
public record Block(String pool, Cidr cidr, Optional<String> affinity, long nextSeq, SortedMap<Integer, Slot> slots,
                    List<Integer> freed, OptionalLong emptySince) {
    public Block {
        Names.pool("block pool", pool);
        if (cidr == null) {
            throw new IllegalArgumentException("block cidr is required");
        }
        affinity = affinity == null ? Optional.empty() : affinity;
        affinity.ifPresent(n -> Names.node("block affinity", n));
        int size = size(cidr);
        slots = Collections.unmodifiableSortedMap(new TreeMap<>(slots));
        freed = List.copyOf(freed);
        for (var e : slots.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= size) {
                throw new IllegalArgumentException("block " + cidr + ": slot ordinal " + e.getKey() + " out of range");
            }
            if (e.getValue().seq() >= nextSeq) {
                throw new IllegalArgumentException("block " + cidr + ": slot " + e.getKey() + " seq " + e.getValue().seq()
                        + " is not below nextSeq " + nextSeq);
            }
        }
        for (int o : freed) {
            if (o < 0 || o >= size || slots.containsKey(o)) {
                throw new IllegalArgumentException("block " + cidr + ": freed ordinal " + o + " out of range or allocated");
            }
        }
        emptySince = emptySince == null ? OptionalLong.empty() : emptySince;
    }

    /** A freshly claimed, empty block; {@code firstSeq} must exceed every sequence number ever issued in it. */
    public static Block claimed(String pool, Cidr cidr, String node, long firstSeq) {
        return new Block(pool, cidr, Optional.of(node), firstSeq, new TreeMap<>(), List.of(), OptionalLong.empty());
    }

    static int size(Cidr cidr) {
        return 1 << (cidr.network().bitLength() - cidr.prefixLength());
    }

    public static int ordinal(Cidr block, IpAddress ip) {
        if (!block.contains(ip)) {
            throw new IllegalArgumentException(ip + " is not in block " + block);
        }
        return ip.toBigInteger().subtract(block.network().toBigInteger()).intValueExact();
    }

    public IpAddress address(int ordinal) {
        return IpAddress.ofBigInteger(cidr.network().toBigInteger().add(BigInteger.valueOf(ordinal)), cidr.network().isV6());
    }

    public Optional<Slot> slot(IpAddress ip) {
        return cidr.contains(ip) ? Optional.ofNullable(slots.get(ordinal(cidr, ip))) : Optional.empty();
    }

    /**
     * The ordinal to allocate next: the lowest never-used one, else the longest-freed one; empty
     * when the block is full. {@code reserved} comes from {@link Pool#reserved}.
     */
    public OptionalInt pick(BitSet reserved) {
        OptionalInt fresh = pickFresh(reserved);
        return fresh.isPresent() ? fresh : pickFreed(reserved);
    }

    /** The lowest ordinal never allocated in this block's life (nor reserved). */
    public OptionalInt pickFresh(BitSet reserved) {
        BitSet used = (BitSet) reserved.clone();
        slots.keySet().forEach(used::set);
        freed.forEach(used::set);
        int fresh = used.nextClearBit(0);
        return fresh < size(cidr) ? OptionalInt.of(fresh) : OptionalInt.empty();
    }

    /** The longest-freed ordinal (reuse last: a late packet for the old holder finds nobody, not a new pod). */
    public OptionalInt pickFreed(BitSet reserved) {
        return freed.stream().filter(o -> !reserved.get(o)).mapToInt(Integer::intValue).findFirst();
    }

    /** How many more addresses fit. */
    public int free(BitSet reserved) {
        BitSet used = (BitSet) reserved.clone();
        slots.keySet().forEach(used::set);
        return size(cidr) - used.cardinality();
    }

    /** This block with {@code ordinal} given to the attachment under the next sequence number. */
    public Block allocate(int ordinal, AttachmentId attachment, Optional<String> pod, String node, long now) {
        if (slots.containsKey(ordinal)) {
            throw new IllegalStateException("block " + cidr + ": ordinal " + ordinal + " is allocated");
        }
        TreeMap<Integer, Slot> next = new TreeMap<>(slots);
        next.put(ordinal, new Slot(attachment, pod, node, nextSeq, now, OptionalLong.empty()));
        List<Integer> stillFreed = freed.stream().filter(o -> o != ordinal).toList();
        return new Block(pool, cidr, affinity, nextSeq + 1, next, stillFreed, OptionalLong.empty());
    }

    /** This block with {@code ordinal} reserved by {@code node} under the next sequence number ({@link Slot#reservation}). */
    public Block reserve(int ordinal, String node, long now) {
        if (slots.containsKey(ordinal)) {
            throw new IllegalStateException("block " + cidr + ": ordinal " + ordinal + " is allocated");
        }
        TreeMap<Integer, Slot> next = new TreeMap<>(slots);
        next.put(ordinal, Slot.reservation(node, nextSeq, now));
        List<Integer> stillFreed = freed.stream().filter(o -> o != ordinal).toList();
        return new Block(pool, cidr, affinity, nextSeq + 1, next, stillFreed, OptionalLong.empty());
    }

    /**
     * This block with {@code node}'s reservation {@code seq} at {@code ordinal} given to the
     * attachment under that same sequence number (what the ADD returned from the journal); empty
     * when the slot is no longer that reservation.
     */
    public Optional<Block> assign(int ordinal, long seq, String node, AttachmentId attachment, Optional<String> pod,
                                  long at) {
        Slot s = slots.get(ordinal);
        if (s == null || !s.isReservation(node, seq)) {
            return Optional.empty();
        }
        return Optional.of(withSlot(ordinal, new Slot(attachment, pod, node, seq, at, OptionalLong.empty())));
    }

    /** This block without the allocation {@code (attachment, seq)} at {@code ordinal}; empty when it is not there. */
    public Optional<Block> release(int ordinal, AttachmentId attachment, long seq) {
        Slot s = slots.get(ordinal);
        if (s == null || !s.is(attachment, seq)) {
            return Optional.empty();
        }
        TreeMap<Integer, Slot> next = new TreeMap<>(slots);
        next.remove(ordinal);
        List<Integer> nowFreed = new ArrayList<>(freed);
        nowFreed.add(ordinal);
        return Optional.of(new Block(pool, cidr, affinity, nextSeq, next, nowFreed, OptionalLong.empty()));
    }

    Block withSlot(int ordinal, Slot slot) {
        TreeMap<Integer, Slot> next = new TreeMap<>(slots);
        next.put(ordinal, slot);
        return new Block(pool, cidr, affinity, nextSeq, next, freed, emptySince);
    }

    Block withAffinity(Optional<String> node) {
        return new Block(pool, cidr, node, nextSeq, slots, freed, emptySince);
    }

    Block withEmptySince(OptionalLong since) {
        return new Block(pool, cidr, affinity, nextSeq, slots, freed, since);
    }

    /** Slots allocated to nodes other than the block's affinity (borrowed addresses). */
    public SortedMap<Integer, Slot> borrowed() {
        TreeMap<Integer, Slot> out = new TreeMap<>();
        slots.forEach((o, s) -> {
            if (affinity.map(a -> !a.equals(s.node())).orElse(true)) {
                out.put(o, s);
            }
        });
        return out;
    }
}
