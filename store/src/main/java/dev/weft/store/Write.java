package dev.weft.store;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One write of a {@link Datastore#commit} batch: a put or a delete, unconditional (the last writer wins). */
public sealed interface Write permits Write.Put, Write.Delete {
    String key();

    /** Sets {@code key} to {@code value}, without a lease. */
    record Put(String key, byte[] value) implements Write {
        public Put {
            Objects.requireNonNull(key, "key");
            value = Objects.requireNonNull(value, "value").clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /** Removes {@code key}; nothing happens when it does not exist. */
    record Delete(String key) implements Write {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    static Write put(String key, byte[] value) {
        return new Put(key, value);
    }

    static Write delete(String key) {
        return new Delete(key);
    }

    /** A batch writes each key at most once (etcd refuses a transaction that names a key twice). */
    static List<Write> checked(List<Write> writes) {
        Set<String> keys = new HashSet<>();
        for (Write w : writes) {
            if (!keys.add(w.key())) {
                throw new IllegalArgumentException("batch writes key " + w.key() + " twice");
            }
        }
        return List.copyOf(writes);
    }
}
