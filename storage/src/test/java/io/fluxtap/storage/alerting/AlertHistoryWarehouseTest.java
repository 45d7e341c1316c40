package io.fluxtap.storage.alerting;

import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.AlertHistory.NotificationAttempt;
import io.fluxtap.api.AlertHistory.NotifiedAlert;
import io.fluxtap.api.AlertHistory.State;
import io.fluxtap.api.AlertHistory.StateChange;
import io.fluxtap.api.AlertHistory.Status;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.retention.RetentionPolicy;
import io.fluxtap.storage.retention.RetentionSweeper;
import io.fluxtap.storage.warehouse.Warehouse;
import io.fluxtap.storage.warehouse.WarehouseFile;
import io.fluxtap.storage.warehouse.WarehouseSignal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history tables in a real DuckDB: hourly export to Parquet, the views over both tiers, retention, restarts. */
class AlertHistoryWarehouseTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private DuckDbDatabase db;
    private Warehouse warehouse;

    @AfterEach
    void close() {
        db.close();
    }

    private AlertHistory open() {
        if (db != null) {
            db.close();
        }
        db = new DuckDbDatabase(dir);
        warehouse = new Warehouse(db, new MessageWireViews(db, List.of()), 1 << 20, 4, Long.MAX_VALUE, CLOCK);
        return new DuckDbAlertHistory(db);
    }

    static StateChange change(String ts, String rule, State from, State to, double value) {
        Map<String, String> labels = Map.of("alertname", rule, "severity", "page");
        return new StateChange(Instant.parse(ts), "rules/api.yml", "api", rule, labels, Map.of("summary", "s " + rule),
                from, to, value, io.fluxtap.api.Labels.of(labels).fingerprint());
    }

    static NotificationAttempt attempt(String ts, String receiver, Status status, int http, String error) {
        return new NotificationAttempt(Instant.parse(ts), receiver, "webhook", 0, "{}:{alertname=\"A\"}",
                Map.of("alertname", "A"), List.of(new NotifiedAlert(0xa105e054dfb59f59L, Map.of("alertname", "A"), "firing")),
                status, http, Duration.ofMillis(12), error, 1);
    }

    @Test
    void closedHoursGoToTheWarehouseAndTheViewsReadBothTiers() throws Exception {
        AlertHistory history = open();
        history.record(change("2026-11-22T10:15:00.000001Z", "Cold", State.INACTIVE, State.PENDING, 1.5));
        history.record(change("2026-11-22T12:10:00Z", "Hot", State.PENDING, State.FIRING, Double.NaN));
        history.record(attempt("2026-11-22T10:16:00Z", "cold-team", Status.FAILED, 503, "webhook answered 503"));
        history.record(attempt("2026-11-22T12:11:00Z", "hot-team", Status.SUCCESS, 0, null));

        List<WarehouseFile> files = warehouse.exportClosedHours();

        List<String> paths = files.stream().map(WarehouseFile::path).sorted().toList();
        assertEquals(2, paths.size(), paths.toString());
        assertTrue(paths.get(0).matches("alerts/history/2026/11/22/10/alert_history_\\d{16}\\.parquet"), paths.get(0));
        assertTrue(paths.get(1).matches("alerts/notifications/2026/11/22/10/notification_history_\\d{16}\\.parquet"),
                paths.get(1));
        assertTrue(Files.exists(dir.resolve(paths.get(0))));
        assertEquals(List.of(List.of("Hot"), List.of("Cold")), rows("SELECT rule_name FROM alert_history ORDER BY ts DESC"));
        assertEquals(List.of(List.of("Hot")), rows("SELECT rule_name FROM active_alert_history"), "the cold row left the hot table");
        assertEquals(List.of(List.of("2026-11-22 10:15:00.000001+00", "api", "rules/api.yml", "page", "s Cold", "inactive",
                        "pending", "1.5", String.format("%016x", io.fluxtap.api.Labels.of("alertname", "Cold", "severity", "page").fingerprint()))),
                rows("SELECT ts::VARCHAR, rule_group, rule_file, labels['severity'], annotations['summary'], from_state, "
                        + "to_state, value::VARCHAR, fingerprint FROM alert_history WHERE rule_name = 'Cold'"),
                "every column back from Parquet");
        assertEquals(List.of(Arrays.asList("hot-team", "success", null, null), List.of("cold-team", "failed", "503", "webhook answered 503")),
                rows("SELECT receiver, status, http_status::VARCHAR, error FROM notification_history ORDER BY ts DESC"));
        assertEquals(List.of(List.of("a105e054dfb59f59", "firing", "A")),
                rows("SELECT alerts->>'$[0].fingerprint', alerts->>'$[0].status', alerts->>'$[0].labels.alertname' "
                        + "FROM notification_history WHERE receiver = 'cold-team'"));
    }

    @Test
    void retentionDropsExpiredHistoryHotAndCold() throws Exception {
        AlertHistory history = open();
        history.record(change("2026-08-01T10:00:00Z", "ExpiredCold", State.PENDING, State.FIRING, 1));
        history.record(attempt("2026-08-01T10:00:00Z", "expired", Status.SUCCESS, 200, null));
        warehouse.exportClosedHours();
        history.record(change("2026-08-01T11:00:00Z", "ExpiredHotLate", State.FIRING, State.RESOLVED, 1));
        history.record(change("2026-11-01T10:00:00Z", "Kept", State.PENDING, State.FIRING, 1));
        Map<WarehouseSignal, Duration> keep = new EnumMap<>(WarehouseSignal.class);
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            keep.put(signal, Duration.ofDays(1));
        }
        keep.put(WarehouseSignal.ALERT_HISTORY, Duration.ofDays(90));
        keep.put(WarehouseSignal.NOTIFICATION_HISTORY, Duration.ofDays(90));

        RetentionSweeper.Sweep sweep = new RetentionSweeper(db, warehouse, new RetentionPolicy(keep),
                Duration.ofMinutes(10), CLOCK).sweep();

        assertEquals(1L, sweep.hotRows().get(WarehouseSignal.ALERT_HISTORY));
        assertEquals(1, sweep.files().get(WarehouseSignal.ALERT_HISTORY));
        assertEquals(1, sweep.files().get(WarehouseSignal.NOTIFICATION_HISTORY));
        assertEquals(List.of(List.of("Kept")), rows("SELECT rule_name FROM alert_history"));
        assertEquals(List.of(), rows("SELECT receiver FROM notification_history"));
    }

    @Test
    void idsKeepIncreasingAcrossARestartAndAnExport() throws Exception {
        AlertHistory history = open();
        history.record(change("2026-11-22T10:00:00Z", "A", State.INACTIVE, State.PENDING, 1));
        history.record(change("2026-11-22T10:00:00Z", "B", State.INACTIVE, State.PENDING, 1));
        warehouse.exportClosedHours();
        history = open();
        history.record(change("2026-11-22T10:00:00Z", "C", State.INACTIVE, State.PENDING, 1));

        assertEquals(List.of(List.of("1", "A"), List.of("2", "B"), List.of("3", "C")),
                rows("SELECT id::VARCHAR, rule_name FROM alert_history ORDER BY id"));
    }

    @Test
    void theReadmeQueriesRun() throws Exception {
        AlertHistory history = open();
        history.record(change(Instant.now().minusSeconds(60).toString(), "Readme", State.PENDING, State.FIRING, 1));
        history.record(attempt(Instant.now().minusSeconds(60).toString(), "readme", Status.FAILED, 500, "boom"));
        String readme = Files.readString(Path.of("../README.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("### Alert history.*?```sql\\n(.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README's alert history section has a SQL block");
        String[] statements = block.group(1).split(";");
        assertEquals(List.of(List.of("Readme")), db.jdbi().withHandle(h -> h.createQuery(statements[0])
                .map((rs, ctx) -> List.of(rs.getString("rule_name"))).list()));
        assertEquals(List.of(List.of("readme")), db.jdbi().withHandle(h -> h.createQuery(statements[1])
                .map((rs, ctx) -> List.of(rs.getString("receiver"))).list()));
    }

    @Test
    void theSqlConsoleReadsBothViews() throws Exception {
        AlertHistory history = open();
        history.record(change("2026-11-22T10:15:00Z", "Cold", State.INACTIVE, State.PENDING, 1.5));
        history.record(attempt("2026-11-22T10:16:00Z", "cold-team", Status.FAILED, 503, "webhook answered 503"));
        warehouse.exportClosedHours();
        io.fluxtap.storage.sql.ConsoleSqlQueries console = new io.fluxtap.storage.sql.ConsoleSqlQueries(
                new io.fluxtap.storage.sql.SqlConsole(db, Duration.ofSeconds(5), 2));

        assertEquals(List.of(List.of("Cold", "pending")), console.query(
                "SELECT rule_name, to_state FROM alert_history", Duration.ofSeconds(5)).rows());
        assertEquals(List.of(List.of("cold-team", 503L)), console.query(
                "SELECT receiver, http_status FROM notification_history", Duration.ofSeconds(5)).rows());
    }

    private List<List<String>> rows(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).map((rs, ctx) -> {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            return row;
        }).list());
    }
}
