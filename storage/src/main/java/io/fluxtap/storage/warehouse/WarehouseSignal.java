package io.fluxtap.storage.warehouse;

import java.util.Locale;
import java.util.Optional;

/**
 * The four signals as the warehouse lays them out: the active table rows leave, the view queries read, and the
 * directory (relative to {@code fluxtap.data.dir}) their hourly files go to. Spans are "traces" on disk, as in
 * DESIGN.md's layout, and {@code spans} in SQL.
 */
public enum WarehouseSignal {
    LOGS("active_logs", "logs", "telemetry/logs"),
    TRACES("active_spans", "spans", "telemetry/traces"),
    METRICS("active_metrics", "metrics", "telemetry/metrics"),
    MESSAGES("active_messages", "messages", "messages");

    private final String activeTable;
    private final String view;
    private final String directory;

    WarehouseSignal(String activeTable, String view, String directory) {
        this.activeTable = activeTable;
        this.view = view;
        this.directory = directory;
    }

    /** logs, traces, metrics, messages: the file name prefix, the manifest's signal and the metrics' tag. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String activeTable() {
        return activeTable;
    }

    public String view() {
        return view;
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
