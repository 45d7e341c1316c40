package io.fluxtap.ingestion.otlp;

import io.fluxtap.ingestion.sanitize.TimestampBounds;
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

    LogsSignal logs() {
        return logs;
    }

    TracesSignal traces() {
        return traces;
    }

    MetricsSignal metrics() {
        return metrics;
    }
}
