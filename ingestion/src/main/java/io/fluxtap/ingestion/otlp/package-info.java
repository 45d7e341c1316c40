/**
 * The OTLP export, whatever the transport: one {@link io.fluxtap.ingestion.otlp.OtlpSignal} per signal (logs,
 * traces, metrics; {@link io.fluxtap.ingestion.otlp.OtlpSignals} holds the one instance of each), the request
 * encodings (binary protobuf, OTLP/JSON with hex ids: {@link io.fluxtap.ingestion.otlp.OtlpEncoding}), and
 * {@link io.fluxtap.ingestion.otlp.OtlpExports}, which decodes a request, publishes its records to the lanes and
 * answers with OTLP's partial success, or refuses the request as a whole ({@link io.fluxtap.ingestion.otlp.RequestRejected},
 * with the status the OTLP specification prescribes).
 *
 * <p>The transports ({@code otlp.http}, {@code otlp.grpc}) depend on this package, this package on
 * {@code otlp.translate}, which knows no transport.
 */
package io.fluxtap.ingestion.otlp;
