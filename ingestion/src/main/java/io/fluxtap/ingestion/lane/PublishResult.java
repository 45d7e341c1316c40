package io.fluxtap.ingestion.lane;

/** What became of a request's records offered to a lane. */
public enum PublishResult {
    /** Every record was taken: in the ring (P2) or durable in the write-ahead log (P0, P1). */
    ACCEPTED,
    /** The ring had no room within the publish timeout; nothing of the request was taken. */
    OVERLOADED,
    /** The write-ahead log is at its quota and stayed there for the publish timeout; nothing was taken. */
    THROTTLED,
    /** The write-ahead log failed or did not reach the disk in time; the records may or may not be kept. */
    UNAVAILABLE,
    /** The lane is shutting down; nothing of the request was taken. */
    CLOSED
}
