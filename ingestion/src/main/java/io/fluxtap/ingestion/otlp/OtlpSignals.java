package io.fluxtap.ingestion.otlp;

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

    @Inject
    public OtlpSignals() {
        this(Clock.systemUTC());
    }

    /** @param clock stands in for "now" where a record carries no time */
    public OtlpSignals(Clock clock) {
        this.logs = new LogsSignal(clock);
        this.traces = new TracesSignal();
        this.metrics = new MetricsSignal(clock);
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
