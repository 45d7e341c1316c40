/**
 * OTLP/HTTP (port 4318): {@code POST /v1/logs}, {@code /v1/traces}, {@code /v1/metrics} on Helidon's {@code otlp}
 * socket, in binary protobuf or JSON, and the request-only gzip decoder Helidon needs before it routes a request
 * with {@code Content-Encoding: gzip} (registered as a Helidon {@code ContentEncodingProvider}).
 */
package io.fluxtap.ingestion.otlp.http;
