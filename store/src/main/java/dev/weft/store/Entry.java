package dev.weft.store;

import java.nio.charset.StandardCharsets;

/** A key's value with etcd's revisions; {@code lease} is 0 when the key has none. */
public record Entry(String key, byte[] value, long createRevision, long modRevision, long lease) {
    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
