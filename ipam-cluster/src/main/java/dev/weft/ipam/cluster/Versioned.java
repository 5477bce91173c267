package dev.weft.ipam.cluster;

/** A decoded record with the datastore mod revision it was read at (the CAS precondition for its next write). */
public record Versioned<T>(T value, long modRevision) {
}
