package dev.weft.store;

/** A change seen by a watch: a put (with the new entry) or a delete (with the last one). */
public record WatchEvent(Type type, Entry entry, long revision) {
    /** What happened to the key. */
    public enum Type { PUT, DELETE }
}
