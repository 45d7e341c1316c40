package io.fluxtap.ingestion.otlp;

import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * The one handler of each OTLP signal, shared by the HTTP and gRPC receivers: the metrics handler keeps the
 * running totals that turn delta sums into cumulative counters, and a sender that switches transport must
 * keep adding to the same totals.
 */
@ApplicationScoped
public class OtlpSignals {

    private final LogsSignal logs;
    private final TracesSignal traces;
    private final MetricsSignal metrics;

    /** @param bounds the times records may carry; its clock stands in for "now" where a record carries no time */
    @Inject
    public OtlpSignals(TimestampBounds bounds) {
        this.logs = new LogsSignal(bounds);
        this.traces = new TracesSignal(bounds);
        this.metrics = new MetricsSignal(bounds);
    }

    /** With the default {@link TimestampBounds} around {@code clock}. */
    public OtlpSignals(Clock clock) {
        this(TimestampBounds.withDefaults(clock));
    }

    public OtlpSignal<ExportLogsServiceRequest, ExportLogsServiceResponse, LogRecord> logs() {
        return logs;
    }

    public OtlpSignal<ExportTraceServiceRequest, ExportTraceServiceResponse, SpanRecord> traces() {
        return traces;
    }

    public OtlpSignal<ExportMetricsServiceRequest, ExportMetricsServiceResponse, MetricSample> metrics() {
        return metrics;
    }
}
