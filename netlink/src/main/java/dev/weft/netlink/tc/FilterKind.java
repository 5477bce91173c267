package dev.weft.netlink.tc;

import java.util.List;
import java.util.Objects;

/**
 * A classifier and what it does; {@link FilterCodec} encodes and decodes it. weft uses
 * {@link U32} with one all-zero key, which matches every packet: the {@code matchall} classifier
 * would say so more plainly, but kernels (this CI's among them) are built without it, and u32 is
 * in every kernel that has traffic control at all.
 */
public sealed interface FilterKind permits FilterKind.U32, FilterKind.Other {

    /** The classifier's name as the kernel knows it ({@code TCA_KIND}). */
    String kind();

    /**
     * The u32 classifier: a packet matches when, for every key, the 32-bit word at {@code offset}
     * (from the network header) masked with {@code mask} equals {@code value}; then the
     * {@code actions} run. Mask and value are in network order, as written ({@code 0xc0a80000}).
     */
    record U32(List<Key> keys, List<Action> actions) implements FilterKind {
        public U32 {
            keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
            actions = List.copyOf(Objects.requireNonNull(actions, "actions"));
            if (keys.size() > 128) {
                throw new IllegalArgumentException("u32 takes at most 128 keys, got " + keys.size());
            }
        }

        /** Every packet ({@code u32 match u32 0 0}), then {@code actions}. */
        public static U32 matchAll(List<Action> actions) {
            return new U32(List.of(new Key(0, 0, 0, 0)), actions);
        }

        /** Whether every key has a zero mask (or there is none), so every packet matches. */
        public boolean matchesAll() {
            return keys.stream().allMatch(k -> k.mask() == 0);
        }

        @Override
        public String kind() {
            return "u32";
        }

        /** struct tc_u32_key: mask and value (network order), offset and offset mask. */
        public record Key(int mask, int value, int offset, int offmask) {
        }
    }

    /** A classifier weft has no model for, as a dump reports it. */
    record Other(String kind) implements FilterKind {
        public Other {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
