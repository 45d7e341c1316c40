package io.fluxtap.storage.warehouse;

import java.util.Locale;
import java.util.Optional;

/**
 * The signals as the warehouse lays them out: the active table rows leave, the view queries read, and the
 * directory (relative to {@code fluxtap.data.dir}) their hourly files go to. Spans are "traces" on disk, as in
 * DESIGN.md's layout, and {@code spans} in SQL.
 */
public enum WarehouseSignal {
    LOGS("active_logs", "logs", "telemetry/logs", "entity_name, ts"),
    TRACES("active_spans", "spans", "telemetry/traces", "entity_name, ts"),
    METRICS("active_metrics", "metrics", "telemetry/metrics", "entity_name, ts"),
    MESSAGES("active_messages", "messages", "messages", "entity_name, ts"),
    /** Alert state changes (AlertHistory port); no entity_name, so sorted by rule. */
    ALERT_HISTORY("active_alert_history", "alert_history", "alerts/history", "rule_name, ts, id"),
    /** Notification attempts (AlertHistory port). */
    NOTIFICATION_HISTORY("active_notification_history", "notification_history", "alerts/notifications",
            "receiver, ts, id");

    private final String activeTable;
    private final String view;
    private final String directory;
    private final String sortOrder;

    WarehouseSignal(String activeTable, String view, String directory, String sortOrder) {
        this.activeTable = activeTable;
        this.view = view;
        this.directory = directory;
        this.sortOrder = sortOrder;
    }

    /**
     * logs, traces, metrics, messages, alert_history, notification_history: the file name prefix, the manifest's
     * signal and the metrics' tag.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String activeTable() {
        return activeTable;
    }

    public String view() {
        return view;
    }

    /** The ORDER BY of a file's rows: what queries of the signal usually filter on first, then time. */
    public String sortOrder() {
        return sortOrder;
    }

    /** Relative to the data directory, '/'-separated. */
    public String directory() {
        return directory;
    }

    public static Optional<WarehouseSignal> ofLabel(String label) {
        for (WarehouseSignal signal : values()) {
            if (signal.label().equals(label)) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }
}
