package io.fluxtap.storage.warehouse;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.wire.PromotedType;
import io.fluxtap.api.wire.WireSpec;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.MessageWireViews;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real DuckDB in a temporary data directory, a sink that writes records the way the lanes do, and the warehouse. */
final class WarehouseFixture implements AutoCloseable {

    static final WireSpec VISA = new WireSpec("fluxSpec/visa-v1", "", Path.of("visa-v1.yaml"), null, null, null, null,
            null, List.of(
            new WireSpec.Promotion("/card/bin", "bin", PromotedType.STRING, false),
            new WireSpec.Promotion("/currency", "currency", PromotedType.STRING, false),
            new WireSpec.Promotion("/amount", "amount", PromotedType.DOUBLE, false),
            new WireSpec.Promotion("/settledAt", "settled_at", PromotedType.TIMESTAMP, false)));

    final Path dataDir;
    final DuckDbDatabase db;
    final MessageWireViews wires;
    final Warehouse warehouse;
    private final DuckDbRecordSink sink;
    private long lsn;

    WarehouseFixture(Path dataDir, Instant now, int compactMinFiles) {
        this.dataDir = dataDir;
        this.db = new DuckDbDatabase(dataDir);
        this.sink = new DuckDbRecordSink(db);
        this.wires = new MessageWireViews(db, List.of(VISA));
        wires.createViews();
        this.warehouse = new Warehouse(db, wires, 1 << 20, compactMinFiles, Long.MAX_VALUE, Clock.fixed(now, ZoneOffset.UTC));
    }

    void write(List<LogRecord> logs, List<SpanRecord> spans, List<MetricSample> metrics, List<BusinessMessage> messages) {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P0)) {
            writer.write(new RecordBatch(Lane.P0, logs, spans, metrics, messages, ++lsn));
        }
    }

    void logs(LogRecord... logs) {
        write(List.of(logs), List.of(), List.of(), List.of());
    }

    static LogRecord log(String entity, Level level, String body, Instant ts, String traceId) {
        return new LogRecord(ts, ts.plusMillis(5), traceId, traceId == null ? null : "00f067aa0ba902b7",
                -5L, "host-1", entity, "gear-" + entity, level, level.severityNumber(), body,
                Map.of("http.status_code", 500L, "ok", false), Map.of("service.name", entity));
    }

    /** Every row of a query with every column as text, in the query's order. */
    List<List<String>> rows(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).map((rs, ctx) -> {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            return row;
        }).list());
    }

    long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        db.close();
    }
}
