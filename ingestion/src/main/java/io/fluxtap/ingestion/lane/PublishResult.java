package io.fluxtap.ingestion.lane;

/** What became of a request's records offered to a lane. */
public enum PublishResult {
    /** Every record was taken: in the ring (P2) or durable in the write-ahead log (P0, P1). */
    ACCEPTED,
    /** The ring had no room within the publish timeout; nothing of the request was taken. */
    OVERLOADED,
    /** The write-ahead log is at its quota and stayed there for the publish timeout; nothing was taken. */
    THROTTLED,
    /**
     * The write-ahead log could not write or fsync the records, or not within the ack timeout; nothing of the
     * request will be stored (its frames were cut off or marked discarded), so the sender's retry is stored once.
     * Only a crash before the lane moved past discarded frames can replay them.
     */
    UNAVAILABLE,
    /** The lane is shutting down; nothing of the request was taken. */
    CLOSED
}
