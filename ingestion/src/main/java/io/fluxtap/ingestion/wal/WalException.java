package io.fluxtap.ingestion.wal;

/** The log's files could not be written or read; the log cannot accept more appends. */
public class WalException extends RuntimeException {

    public WalException(String message, Throwable cause) {
        super(message, cause);
    }
}
