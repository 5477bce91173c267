package dev.weft.plugins.net;

/**
 * What an {@code ensure…} operation found or made: {@code created} is true only when this call
 * made {@code value} (not when it found it, nor when another process made it first). A rollback
 * undoes only what its own call created.
 */
public record Ensured<T>(T value, boolean created) {
}
