/**
 * The Prometheus remote_write 1.0 receiver: {@code POST /api/v1/write} on the main port. A request is a
 * snappy-compressed {@code prometheus.WriteRequest}; it is decoded ({@link io.fluxtap.ingestion.remotewrite.WriteRequestDecoder}),
 * turned into metric samples ({@link io.fluxtap.ingestion.remotewrite.SampleMapper}), sanitized, checked for
 * out-of-order and duplicate samples ({@link io.fluxtap.ingestion.remotewrite.SeriesTracker}) and published to
 * lane P2.
 */
package io.fluxtap.ingestion.remotewrite;
