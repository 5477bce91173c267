package dev.weft.nft;

/** {@code nft} rejected a transaction or a listing; carries nft's own message. */
public final class NftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NftException(String message) {
        super(message);
    }

    public NftException(String message, Throwable cause) {
        super(message, cause);
    }
}
