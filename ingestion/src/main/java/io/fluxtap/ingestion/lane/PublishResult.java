package io.fluxtap.ingestion.lane;

/** What became of a request's records offered to a lane. */
public enum PublishResult {
    /** Every record is in the ring and will be stored. */
    ACCEPTED,
    /** The ring had no room within the publish timeout; nothing of the request was taken. */
    OVERLOADED,
    /** The lane is shutting down; nothing of the request was taken. */
    CLOSED
}
