package io.fluxtap.ui.views;

import io.fluxtap.ui.chart.ChartUnit;
import io.fluxtap.ui.metrics.Panel;
import java.util.List;

/**
 * The Overview's charts of Fluxtap itself: what an operator of Fluxtap looks at first, read with PromQL from the
 * series the shipped self-scrape ({@code conf/scrape.yml}, job {@value #JOB}) stores, the same series the shipped
 * rules in {@code conf/rules/fluxtap.yml} alert on.
 */
final class SelfPanels {

    static final String JOB = "fluxtap";

    static final List<Panel> PANELS = List.of(
            new Panel("Records accepted per second, by signal",
                    "sum by (signal) (rate(fluxtap_ingest_records_total{job=\"" + JOB + "\"}[$__rate_interval]))",
                    ChartUnit.PER_SECOND),
            new Panel("Records stored per second, by signal",
                    "sum by (signal) (rate(fluxtap_ingest_stored_total{job=\"" + JOB + "\"}[$__rate_interval]))",
                    ChartUnit.PER_SECOND),
            new Panel("Write-ahead log backlog (records), by lane",
                    "sum by (lane) (fluxtap_wal_backlog_records{job=\"" + JOB + "\"})", ChartUnit.COUNT),
            new Panel("Dropped and rejected per second",
                    "sum by (lane) (rate(fluxtap_lane_dropped_total{job=\"" + JOB + "\"}[$__rate_interval]))"
                            + " or sum by (reason) (rate(fluxtap_ingest_rejected_total{job=\"" + JOB
                            + "\"}[$__rate_interval]))",
                    ChartUnit.PER_SECOND),
            new Panel("API latency p99",
                    "histogram_quantile(0.99, sum by (le) (rate(fluxtap_http_request_duration_seconds_bucket{job=\""
                            + JOB + "\"}[$__rate_interval])))",
                    ChartUnit.SECONDS),
            new Panel("DuckDB time p99, by operation",
                    "histogram_quantile(0.99, sum by (le, operation) (rate(fluxtap_db_query_duration_seconds_bucket{job=\""
                            + JOB + "\"}[$__rate_interval])))",
                    ChartUnit.SECONDS),
            new Panel("Resident memory", "process_resident_memory_bytes{job=\"" + JOB + "\"}", ChartUnit.BYTES),
            new Panel("CPU (cores)", "rate(process_cpu_seconds_total{job=\"" + JOB + "\"}[$__rate_interval])",
                    ChartUnit.NONE));

    private SelfPanels() {
    }
}
