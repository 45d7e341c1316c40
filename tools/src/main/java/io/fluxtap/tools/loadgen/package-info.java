/**
 * {@code fluxtap loadgen}: a load generator for OTLP (logs, traces, metrics over HTTP or gRPC) and Prometheus
 * remote_write receivers. {@link io.fluxtap.tools.loadgen.LoadGen} is the entry point; the command line is read by
 * picocli into {@link io.fluxtap.tools.loadgen.CommandLineOptions} and validated into
 * {@link io.fluxtap.tools.loadgen.Options}. Sub-packages: {@code source} (what is sent: synthetic records, loghub
 * replays), {@code transport} (how: OTLP/HTTP, OTLP/gRPC, remote_write), {@code report} (rates, latency percentiles,
 * the summary).
 */
package io.fluxtap.tools.loadgen;
