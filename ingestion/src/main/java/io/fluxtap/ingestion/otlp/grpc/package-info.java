/**
 * OTLP/gRPC (port 4317) on grpc-java's own Netty server, not a Helidon socket (DEVELOPERS.md says why): the
 * three export services, which take their messages as bytes and parse them themselves so bad data is
 * {@code INVALID_ARGUMENT}; gzip read lazily by the services; and the counting and rate-limited logging of the
 * calls and connections the server refuses, GOAWAYs included.
 */
package io.fluxtap.ingestion.otlp.grpc;
