/**
 * The byte budget of requests in flight (issue #16): every ingest receiver (OTLP/HTTP and gRPC, remote_write, the
 * messages API) holds a {@link io.fluxtap.ingestion.budget.InflightBytes.Lease} on the bytes of the body it has
 * read, from the first byte until its records are handed to the lanes (or it is refused), so that many large requests
 * at once meet a 429 / RESOURCE_EXHAUSTED instead of an {@link OutOfMemoryError}. The per-request limits
 * ({@code fluxtap.*.max-request-bytes}) bound one request; this bounds their sum.
 */
package io.fluxtap.ingestion.budget;
