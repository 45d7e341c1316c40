package io.fluxtap.ingestion.wal;

/** The append would take the log past its quota; nothing of it was written. The sender should retry later. */
public class WalFullException extends Exception {

    public WalFullException(String message) {
        super(message);
    }
}
