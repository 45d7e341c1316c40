package io.fluxtap.ingestion.policy;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import java.util.List;

/**
 * One policy stage between decode and the lanes (DESIGN.md: "decode → sanitize, mask, level filter, sampling,
 * route"): it may drop records or rewrite them, and runs before any lane, so nothing it removes reaches the
 * write-ahead log, the store or the warehouse. Stages run in {@link #order()}; each sees what the earlier ones
 * kept. A stage counts what it removes itself: the lanes report what they were given, not what a policy took.
 * Implementations are CDI beans (found by {@link IngestPolicies}) and safe for concurrent use; a stage that does not
 * act on a signal keeps the default, which hands the list on unchanged.
 */
public interface IngestPolicy {

    /** Runs first: drops what no one asked to keep before any work is spent on it. */
    int ORDER_LEVEL_FILTER = 100;
    /** Runs on what is kept, before anything is written. */
    int ORDER_MASKING = 200;
    /** Runs last: holds spans back until their trace is decided. */
    int ORDER_SAMPLING = 300;

    int order();

    /**
     * Called once the lanes run: a stage that holds records back publishes them later through the outlet. Most
     * stages hold nothing and keep the default.
     */
    default void start(PolicyOutlet outlet) {
    }

    /** Called before the lanes drain: a stage releases what it holds through the outlet now, or never. */
    default void stop() {
    }

    default List<LogRecord> onLogs(List<LogRecord> logs) {
        return logs;
    }

    default List<SpanRecord> onSpans(List<SpanRecord> spans) {
        return spans;
    }

    default List<MetricSample> onMetrics(List<MetricSample> samples) {
        return samples;
    }

    default List<BusinessMessage> onMessages(List<BusinessMessage> messages) {
        return messages;
    }
}
