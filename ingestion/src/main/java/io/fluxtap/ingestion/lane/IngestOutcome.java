package io.fluxtap.ingestion.lane;

/**
 * What became of one request's records.
 *
 * @param result  whether the request as a whole was taken
 * @param dropped telemetry records (lane P2) shed because their ring was full; reported to the sender as
 *                rejected in the OTLP partial success
 */
public record IngestOutcome(PublishResult result, int dropped) {
}
