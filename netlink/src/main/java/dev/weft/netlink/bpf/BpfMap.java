package dev.weft.netlink.bpf;

import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A BPF map held by its file descriptor; the kernel frees it when the last descriptor closes and no
 * program uses it any more. Keys and values are the raw bytes the programs read.
 */
public final class BpfMap implements AutoCloseable {
    /** BPF_MAP_TYPE_HASH. */
    public static final int HASH = 1;
    /** BPF_MAP_TYPE_LPM_TRIE: keys are a 32-bit prefix length then the address bytes. */
    public static final int LPM_TRIE = 11;
    private static final int F_NO_PREALLOC = 1;
    /** struct bpf_map_info up to and including its name. */
    private static final int INFO_SIZE = 40;

    private final int fd;
    private final String name;
    private final int keySize;
    private final int valueSize;
    private boolean closed;

    BpfMap(int fd, String name, int keySize, int valueSize) {
        this.fd = fd;
        this.name = name;
        this.keySize = keySize;
        this.valueSize = valueSize;
    }

    /** A new map of {@code type} (LPM tries are created without preallocation, as the kernel requires). */
    public static BpfMap create(int type, String name, int keySize, int valueSize, int maxEntries) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            Bpf.putInt(attr, 0, type);
            Bpf.putInt(attr, 4, keySize);
            Bpf.putInt(attr, 8, valueSize);
            Bpf.putInt(attr, 12, maxEntries);
            Bpf.putInt(attr, 16, type == LPM_TRIE ? F_NO_PREALLOC : 0);
            Bpf.name(attr, 28, name);
            return new BpfMap(Bpf.call(Bpf.MAP_CREATE, attr, "bpf MAP_CREATE " + name), name, keySize, valueSize);
        }
    }

    /** What the kernel says of a map (struct bpf_map_info). */
    public record Info(int id, int type, int keySize, int valueSize, int maxEntries, String name) {
    }

    /**
     * Opens the existing map with id {@code id} (one a loaded program uses: {@link BpfProgram.Info#mapIds}),
     * so that a new program can share it.
     */
    public static BpfMap open(int id) {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            Bpf.putInt(attr, 0, id);
            fd = Bpf.call(Bpf.MAP_GET_FD_BY_ID, attr, "bpf MAP_GET_FD_BY_ID " + id);
        }
        try {
            Info info = info(fd);
            return new BpfMap(fd, info.name(), info.keySize(), info.valueSize());
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static Info info(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(INFO_SIZE, 8);
            Bpf.info(a, fd, info);
            return new Info(info.get(JAVA_INT, 4), info.get(JAVA_INT, 0), info.get(JAVA_INT, 8), info.get(JAVA_INT, 12),
                    info.get(JAVA_INT, 16), Bpf.name(info, 24));
        }
    }

    /** This map's id, type, sizes and name, as the kernel has them. */
    public Info info() {
        return info(fd);
    }

    /** Every key in the map now (BPF_MAP_GET_NEXT_KEY from the start; a map changing meanwhile may be seen part-way). */
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            MemorySegment key = a.allocate(keySize, 8);
            MemorySegment next = a.allocate(keySize, 8);
            Bpf.putInt(attr, 0, fd);
            Bpf.putPointer(attr, 16, next);
            // a NULL key asks for the first one
            while (true) {
                try {
                    Bpf.call(Bpf.MAP_GET_NEXT_KEY, attr, "bpf MAP_GET_NEXT_KEY " + name);
                } catch (SyscallException e) {
                    if (e.errno() == 2) { // ENOENT: past the last key
                        return keys;
                    }
                    throw e;
                }
                keys.add(next.toArray(JAVA_BYTE));
                MemorySegment.copy(next, 0, key, 0, keySize);
                Bpf.putPointer(attr, 8, key);
            }
        }
    }

    public int fd() {
        return fd;
    }

    public String name() {
        return name;
    }

    /** Sets {@code key} to {@code value}, creating or replacing the entry. */
    public void put(byte[] key, byte[] value) {
        check(key, keySize, "key");
        check(value, valueSize, "value");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            Bpf.putInt(attr, 0, fd);
            Bpf.putPointer(attr, 8, Bpf.bytes(a, key));
            Bpf.putPointer(attr, 16, Bpf.bytes(a, value));
            Bpf.call(Bpf.MAP_UPDATE_ELEM, attr, "bpf MAP_UPDATE_ELEM " + name);
        }
    }

    /** Removes {@code key}; whether it was there. */
    public boolean remove(byte[] key) {
        check(key, keySize, "key");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            Bpf.putInt(attr, 0, fd);
            Bpf.putPointer(attr, 8, Bpf.bytes(a, key));
            Bpf.call(Bpf.MAP_DELETE_ELEM, attr, "bpf MAP_DELETE_ELEM " + name);
            return true;
        } catch (SyscallException e) {
            if (e.errno() == 2) { // ENOENT
                return false;
            }
            throw e;
        }
    }

    /** The value at {@code key}, if any. */
    public Optional<byte[]> get(byte[] key) {
        check(key, keySize, "key");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            MemorySegment value = a.allocate(valueSize, 8);
            Bpf.putInt(attr, 0, fd);
            Bpf.putPointer(attr, 8, Bpf.bytes(a, key));
            Bpf.putPointer(attr, 16, value);
            Bpf.call(Bpf.MAP_LOOKUP_ELEM, attr, "bpf MAP_LOOKUP_ELEM " + name);
            return Optional.of(value.toArray(JAVA_BYTE));
        } catch (SyscallException e) {
            if (e.errno() == 2) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void check(byte[] b, int size, String what) {
        if (b.length != size) {
            throw new IllegalArgumentException("map " + name + ": " + what + " of " + b.length + " bytes, not " + size);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
