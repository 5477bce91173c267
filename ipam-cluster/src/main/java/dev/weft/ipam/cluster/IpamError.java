package dev.weft.ipam.cluster;

/**
 * Why a cluster IPAM operation failed, with the CNI error code a plugin wrapper should report.
 * The spec (1.1) defines no code for an exhausted pool, so, as weft's host-local does, exhaustion
 * and a taken address use the plugin range (100, 101); conditions that pass on their own are
 * "try again later" (11).
 */
public enum IpamError {
    /** A request or pool definition is malformed; the exception's field names the culprit. */
    INVALID_ARGUMENT(7),
    /** No pool of that name. */
    POOL_NOT_FOUND(7),
    /** {@code pool add}: the name is taken. */
    POOL_EXISTS(7),
    /** {@code pool add}: the CIDR overlaps another pool. */
    POOL_OVERLAP(7),
    /** {@code pool del} without force: addresses are still allocated. */
    POOL_IN_USE(7),
    /** No free address for this node in the pool (no free block, and borrowing is off or found nothing). */
    POOL_EXHAUSTED(100),
    /** A requested address is excluded, the gateway, or held by another attachment. */
    ADDRESS_UNAVAILABLE(101),
    /** Compare-and-swap lost every bounded retry (heavy contention). */
    CONTENTION(11),
    /** The datastore failed or is unreachable. */
    STORE_UNAVAILABLE(11),
    /** A datastore record does not decode (written by something else, or damaged). */
    CORRUPT_RECORD(999);

    private final int cniCode;

    IpamError(int cniCode) {
        this.cniCode = cniCode;
    }

    /** The CNI error code ({@code dev.weft.cni.CniErrorCode} or the plugin range) for this failure. */
    public int cniCode() {
        return cniCode;
    }
}
