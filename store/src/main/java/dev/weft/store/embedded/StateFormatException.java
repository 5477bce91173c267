package dev.weft.store.embedded;

/**
 * The store file does not decode exactly to a {@link State}: the message names the field
 * ({@code entries[3].value}) and what is wrong with it. {@link EmbeddedDatastore} adds the file
 * and how to recover.
 */
final class StateFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    StateFormatException(String message) {
        super(message);
    }

    StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
