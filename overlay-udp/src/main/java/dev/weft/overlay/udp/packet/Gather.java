package dev.weft.overlay.udp.packet;

import java.lang.foreign.MemorySegment;

/**
 * A scatter-gather list: a packet, or a run of packets, as parts left where they lie (a header
 * built in a small buffer, a payload still in the buffer it was read into). What writev(2) and
 * sendmsg(2) take as iovecs, so the kernel's one copy is the only one: the segmenter and the
 * coalescer fill a list instead of copying 64 KiB in user space.
 *
 * <p>The parts are references, not copies: a part's bytes must stay unchanged until the list has
 * been used. Fixed capacity, laid out once; {@link #clear} and {@link #add} allocate nothing.
 */
public final class Gather {
    private final MemorySegment[] bases;
    private final long[] offsets;
    private final int[] lengths;
    private int count;
    private long bytes;

    /** A list of at most {@code capacity} parts. */
    public Gather(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("gather capacity " + capacity + " is under 1");
        }
        bases = new MemorySegment[capacity];
        offsets = new long[capacity];
        lengths = new int[capacity];
    }

    /** Empties the list (the references go, the arrays stay). */
    public void clear() {
        for (int i = 0; i < count; i++) {
            bases[i] = null;
        }
        count = 0;
        bytes = 0;
    }

    /** Appends {@code len} bytes at {@code base + off}; false, changing nothing, when the list is full. */
    public boolean add(MemorySegment base, long off, int len) {
        if (count == bases.length) {
            return false;
        }
        bases[count] = base;
        offsets[count] = off;
        lengths[count] = len;
        count++;
        bytes += len;
        return true;
    }

    /** Makes part {@code i} shorter or longer by {@code delta} bytes (it stays where it is). */
    public void grow(int i, int delta) {
        lengths[i] += delta;
        bytes += delta;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return bases.length;
    }

    /** The parts' bytes together. */
    public long bytes() {
        return bytes;
    }

    public MemorySegment base(int i) {
        return bases[i];
    }

    public long offset(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return lengths[i];
    }

    /** The bytes of parts {@code from} (inclusive) to {@code to} (exclusive), copied: for tests and logs. */
    public byte[] toBytes(int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += lengths[i];
        }
        byte[] out = new byte[Math.toIntExact(n)];
        int pos = 0;
        for (int i = from; i < to; i++) {
            MemorySegment.copy(bases[i], Bytes.BYTE, offsets[i], out, pos, lengths[i]);
            pos += lengths[i];
        }
        return out;
    }
}
