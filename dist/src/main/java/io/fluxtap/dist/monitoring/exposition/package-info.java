/**
 * Fluxtap's own {@code /metrics}, in Prometheus' conventions so the rules people already run against their
 * services ({@code process_resident_memory_bytes}, {@code process_cpu_seconds_total}, {@code jvm_*}, request
 * rates and latencies by route) work on Fluxtap unchanged: one Prometheus client registry (client_java) holds
 * the process and JVM collectors and the HTTP request metrics, and a bridge renders the counters, gauges and
 * timers the modules register through MicroProfile Metrics. Helidon's own endpoint is moved aside
 * ({@code /observe/helidon-metrics}): its built-in meters are camelCase and fail {@code promtool check metrics}.
 */
package io.fluxtap.dist.monitoring.exposition;
