package dev.weft.store;

/** The datastore failed or refused: unreachable, corrupt, or a watch from a compacted revision. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A watch asked for history the store no longer has; resync with a full list. */
    public static final class Compacted extends StoreException {
        private static final long serialVersionUID = 1L;

        public Compacted(long requested, long oldest) {
            super("revision " + requested + " is compacted; the oldest available is " + oldest);
        }
    }
}
