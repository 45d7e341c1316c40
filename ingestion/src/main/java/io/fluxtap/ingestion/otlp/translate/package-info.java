/**
 * The OTLP → store translation, free of any transport: OTLP export requests become the {@code api} records
 * ({@link io.fluxtap.ingestion.otlp.translate.OtlpLogsDecoder}, {@link io.fluxtap.ingestion.otlp.translate.OtlpTracesDecoder},
 * {@link io.fluxtap.ingestion.otlp.translate.OtlpMetricsDecoder}), with the correlation columns lifted out of the
 * attributes, OTel metric names turned into Prometheus names ({@code PrometheusNames}), explicit and exponential
 * histograms into classic buckets, and DELTA streams accumulated into cumulative counters ({@code DeltaAccumulator}).
 * Records that cannot be stored are refused one by one ({@link io.fluxtap.ingestion.otlp.translate.Decoded}), for the
 * export's partial success.
 */
package io.fluxtap.ingestion.otlp.translate;
