package io.fluxtap.storage.warehouse;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogContext;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.storage.query.DuckDbLogQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Logs page's context and attribute keys over both tiers: an hour moved into Parquet (where the JSON columns are
 * text) and the current hour still in the active table read as one sequence.
 */
class LogContextAcrossTiersTest {

    @TempDir
    Path tmp;

    private WarehouseFixture fx;

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void contextAndAttributeKeysSpanTheWarehouseAndTheActiveTable() throws Exception {
        Instant now = Instant.parse("2026-11-22T12:30:00Z");
        fx = new WarehouseFixture(tmp.resolve("data"), now, 4);
        Instant cold = Instant.parse("2026-11-22T11:59:57Z");
        fx.logs(WarehouseFixture.log("api", Level.INFO, "cold 1", cold, null),
                WarehouseFixture.log("api", Level.INFO, "cold 2", cold.plusSeconds(1), null),
                WarehouseFixture.log("db", Level.INFO, "cold other", cold.plusSeconds(2), null));
        assertTrue(fx.warehouse.exportClosedHours().size() >= 1, "the 11:00 hour went to Parquet");
        assertEquals(0, fx.count("SELECT count(*) FROM active_logs"));
        Instant hot = Instant.parse("2026-11-22T12:00:01Z");
        LogRecord plain = WarehouseFixture.log("api", Level.WARN, "hot 1", hot, null);
        fx.logs(new LogRecord(plain.timestamp(), plain.observedTimestamp(), null, null, null, null, "api", null,
                        Level.WARN, 13, "hot 1", Map.of("retry.count", 2L), Map.of()),
                WarehouseFixture.log("api", Level.INFO, "hot 2", hot.plusSeconds(1), null));

        DuckDbLogQuery query = new DuckDbLogQuery(fx.db);
        LogRecord selected = query.search(new LogSearch("api", Set.of(), "hot 1", null, null, 10, null)).getFirst();
        LogContext context = query.context(selected, 5);

        assertEquals(List.of("cold 1", "cold 2"), context.before().stream().map(LogRecord::body).toList());
        assertEquals(List.of("hot 2"), context.after().stream().map(LogRecord::body).toList());
        assertEquals(List.of("http.status_code", "ok", "retry.count"), query.attributeKeys(null, null, 10));
        assertEquals(List.of("http.status_code", "ok"), query.attributeKeys(cold, hot, 10));
    }
}
