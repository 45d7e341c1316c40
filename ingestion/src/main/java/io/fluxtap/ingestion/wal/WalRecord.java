package io.fluxtap.ingestion.wal;

/** One record read back from the log. */
public record WalRecord(long lsn, byte[] payload) {
}
