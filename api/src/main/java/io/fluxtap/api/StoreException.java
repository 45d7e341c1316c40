package io.fluxtap.api;

/** The store could not take a batch; nothing of that batch was stored. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
