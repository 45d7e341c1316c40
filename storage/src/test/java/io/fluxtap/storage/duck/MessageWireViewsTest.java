package io.fluxtap.storage.duck;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.wire.InvalidWireSpecException;
import io.fluxtap.api.wire.PromotedType;
import io.fluxtap.api.wire.WireSpecReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageWireViewsTest {

    /** DESIGN.md's seed query, against the wire's view instead of its Parquet files (issue #5 adds those). */
    private static final String SEED_QUERY = """
            SELECT bin, currency, SUM(amount) AS total
            FROM messages_fluxspec_visa_v1
            WHERE ts > NOW() - INTERVAL '24 hours' GROUP BY 1, 2 ORDER BY total DESC""";

    @TempDir
    Path data;
    @TempDir
    Path wires;

    private DuckDbDatabase db;

    @BeforeEach
    void open() throws IOException {
        db = new DuckDbDatabase(data);
        Files.writeString(wires.resolve("visa-v1.yaml"), """
                wire: fluxSpec/visa-v1
                description: Visa authorisations
                flux_id: /fluxId
                promote:
                  - {pointer: /card/bin, column: bin, type: string, required: true}
                  - {pointer: /currency, column: currency, type: string, required: true}
                  - {pointer: /amount, column: amount, type: double, required: true}
                  - {pointer: /merchant/mcc, column: mcc, type: long}
                  - {pointer: /approved, column: approved, type: boolean}
                  - {pointer: /settledAt, column: settled_at, type: timestamp}
                """);
        Files.writeString(wires.resolve("payments.yml"), "wire: payments\n");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theSeedQueryRunsAsWrittenAgainstTheWiresView() {
        views().createViews();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        write(visa(1, "411111", "EUR", 10.25, now.minusSeconds(60)),
                visa(2, "411111", "EUR", 5.0, now.minusSeconds(30)),
                visa(3, "411111", "USD", 7.5, now.minusSeconds(20)),
                visa(4, "522222", "EUR", 100.0, now.minusSeconds(10)),
                visa(5, "411111", "EUR", 1000.0, now.minus(25, ChronoUnit.HOURS)),
                new BusinessMessage("payments", 6, now, Map.of(), "{}", null, null, null, null, null));

        List<String> rows = db.jdbi().withHandle(h -> h.createQuery(SEED_QUERY)
                .map((rs, ctx) -> rs.getString("bin") + " " + rs.getString("currency") + " " + rs.getDouble("total"))
                .list());

        assertEquals(List.of("522222 EUR 100.0", "411111 EUR 15.25", "411111 USD 7.5"), rows,
                "per bin and currency, last 24 hours, this wire only");
    }

    @Test
    void promotedFieldsAreTypedColumnsAfterTheSharedOnes() {
        views().createViews();
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", "411111");
        promoted.put("currency", "EUR");
        promoted.put("amount", 12.5);
        promoted.put("mcc", 9_007_199_254_740_993L);
        promoted.put("approved", false);
        promoted.put("settled_at", Instant.parse("2026-11-22T11:00:00.123456Z"));
        write(new BusinessMessage("fluxSpec/visa-v1", -2L, Instant.parse("2026-11-22T10:00:00Z"), promoted,
                "{\"raw\": true}", "4bf92f3577b34da6a3ce929d0e0e4736", null, null, null, null));

        List<String> columns = db.jdbi().withHandle(h -> h.createQuery("DESCRIBE messages_fluxspec_visa_v1")
                .map((rs, ctx) -> rs.getString("column_name") + " " + rs.getString("column_type")).list());
        assertEquals(List.of("ts TIMESTAMP WITH TIME ZONE", "trace_id VARCHAR", "span_id VARCHAR", "flux_id UBIGINT",
                "machine_id VARCHAR", "entity_name VARCHAR", "gear_id VARCHAR", "level VARCHAR", "wire_id VARCHAR",
                "bin VARCHAR", "currency VARCHAR", "amount DOUBLE", "mcc BIGINT", "approved BOOLEAN",
                "settled_at TIMESTAMP WITH TIME ZONE", "json JSON"), columns);

        String row = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT concat_ws('|', flux_id, trace_id, bin, currency, amount, mcc, approved,
                                         epoch_us(settled_at), json)
                        FROM messages_fluxspec_visa_v1""")
                .mapTo(String.class).one());
        assertEquals("18446744073709551614|4bf92f3577b34da6a3ce929d0e0e4736|411111|EUR|12.5|9007199254740993|false|"
                + EpochMicros.of(Instant.parse("2026-11-22T11:00:00.123456Z")) + "|{\"raw\": true}", row);
    }

    @Test
    void aValueThatNoLongerFitsItsColumnReadsAsNull() {
        views().createViews();
        write(new BusinessMessage("fluxSpec/visa-v1", 1, Instant.now(), Map.of("bin", "1", "currency", "EUR",
                "amount", "twelve"), "{}", null, null, null, null, null));

        String amount = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT coalesce(CAST(amount AS VARCHAR), 'null') FROM messages_fluxspec_visa_v1").mapTo(String.class).one());
        assertEquals("null", amount);
    }

    @Test
    void viewsFollowTheConfigurationAtEachStart() throws IOException {
        views().createViews();
        assertEquals(List.of("messages_fluxspec_visa_v1", "messages_payments"), viewNames());

        Files.delete(wires.resolve("payments.yml"));
        Files.writeString(wires.resolve("visa-v1.yaml"), "wire: fluxSpec/visa-v1\npromote: [{pointer: /amount, column: amount, type: long}]\n");
        db.jdbi().useHandle(h -> h.execute("CREATE VIEW not_ours AS SELECT 1 AS one"));
        views().createViews();

        assertEquals(List.of("messages_fluxspec_visa_v1", "not_ours"), viewNames(),
                "the removed wire's view is gone; views the store did not make stay");
        List<String> columns = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'messages_fluxspec_visa_v1'")
                .mapTo(String.class).list());
        assertTrue(columns.contains("amount") && !columns.contains("bin"), columns.toString());
    }

    @Test
    void twoWiresThatWouldShareAViewStopStartUp() throws IOException {
        Files.writeString(wires.resolve("other.yaml"), "wire: fluxspec/visa_v1\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::views);
        assertTrue(e.getMessage().contains("would share the view messages_fluxspec_visa_v1"), e.getMessage());
    }

    @Test
    void theStoreReadsTheSpecsOfTheConfiguredDirectoryWithTheOneReader() throws IOException {
        MessageWireViews views = new MessageWireViews(db, wires.toString());
        assertEquals(List.of("payments", "fluxSpec/visa-v1"), List.copyOf(views.wireIds()));
        assertEquals(List.of("bin:STRING", "currency:STRING", "amount:DOUBLE", "mcc:LONG", "approved:BOOLEAN",
                        "settled_at:TIMESTAMP"),
                views.wire("fluxSpec/visa-v1").orElseThrow().promoted().stream()
                        .map(p -> p.column() + ":" + p.type()).toList());
        assertTrue(new MessageWireViews(db, wires.resolve("absent").toString()).wireIds().isEmpty());

        Path bad = wires.resolve("bad.yaml");
        Files.writeString(bad, "wire: w\npromote: [{pointer: /x, column: \"x\\\"; DROP TABLE t; --\", type: string}]\n");
        InvalidWireSpecException e = assertThrows(InvalidWireSpecException.class, this::views);
        assertTrue(e.getMessage().startsWith("wire spec " + bad + ": promote[0].column"), e.getMessage());
        Files.writeString(bad, "wire: \"a'b\"\n");
        assertEquals(bad, assertThrows(InvalidWireSpecException.class, this::views).file());
        Files.writeString(bad, "wire: w\npromote: [{pointer: /c, column: c, type: decimal}]\n");
        assertEquals(bad, assertThrows(InvalidWireSpecException.class, this::views).file());
        Files.writeString(bad, "wire: w\npromote: [{pointer: /c, column: c, type: string, index: true}]\n");
        assertTrue(assertThrows(InvalidWireSpecException.class, this::views).problem().startsWith(
                "unknown key 'promote[0].index'"), "the store refuses what the messages API refuses");
    }

    @Test
    void theViewTypesFollowThePromotedTypes() {
        assertEquals(List.of("VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMPTZ"),
                Arrays.stream(PromotedType.values()).map(MessageWireViews::sqlType).toList());
    }

    private MessageWireViews views() {
        return new MessageWireViews(db, WireSpecReader.readDirectory(wires));
    }

    private List<String> viewNames() {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
                        + " AND view_name NOT IN ('logs', 'spans', 'metrics', 'messages', 'alert_history',"
                        + " 'notification_history', 'metric_samples') ORDER BY 1").mapTo(String.class).list());
    }

    private void write(BusinessMessage... messages) {
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P0)) {
            writer.write(new RecordBatch(Lane.P0, List.of(), List.of(), List.of(), List.of(messages), RecordBatch.NO_WAL));
        }
    }

    private static BusinessMessage visa(long fluxId, String bin, String currency, double amount, Instant ts) {
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", bin);
        promoted.put("currency", currency);
        promoted.put("amount", amount);
        return new BusinessMessage("fluxSpec/visa-v1", fluxId, ts, promoted, "{}", null, null, null, null, null);
    }
}
