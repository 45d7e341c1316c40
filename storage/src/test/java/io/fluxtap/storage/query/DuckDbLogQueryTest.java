package io.fluxtap.storage.query;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LevelCount;
import io.fluxtap.api.LogQuerySyntaxException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.query.filter.SqlFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Set;

import static io.fluxtap.storage.testing.Logs.BASE;
import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbLogQueryTest {

    private DuckDbDatabase db;
    private DuckDbLogQuery query;

    /** Bodies are unique so each test can name the rows it expects, in the order expected. */
    @BeforeAll
    void store(@TempDir Path tmp) {
        db = new DuckDbDatabase(tmp);
        query = new DuckDbLogQuery(db);
        List<LogRecord> logs = List.of(
                log("checkout", Level.INFO, "order placed", 0),
                log("checkout", Level.ERROR, "Payment FAILED for order 7", 10),
                log("checkout", Level.WARN, "retrying payment", 20),
                log("billing", Level.ERROR, "invoice 100% paid_in_full", 30),
                log("billing", Level.DEBUG, "invoice 100 percent paidXinXfull", 40),
                log("billing", Level.INFO, "ÄRGER mit Übergabe", 50),
                log(null, Level.FATAL, "no service name", 60));
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, logs));
        }
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void withoutCriteriaEverythingComesNewestFirst() {
        assertEquals(List.of("no service name", "ÄRGER mit Übergabe", "invoice 100 percent paidXinXfull",
                "invoice 100% paid_in_full", "retrying payment", "Payment FAILED for order 7", "order placed"),
                bodies(LogSearch.recent(100)));
    }

    @Test
    void limitKeepsTheNewest() {
        assertEquals(List.of("no service name", "ÄRGER mit Übergabe"), bodies(LogSearch.recent(2)));
    }

    @Test
    void entityNameMatchesExactly() {
        assertEquals(List.of("retrying payment", "Payment FAILED for order 7", "order placed"),
                bodies(search("checkout", Set.of(), null, null, null)));
        assertEquals(List.of(), bodies(search("check", Set.of(), null, null, null)));
    }

    @Test
    void levelsMatchAnyOfTheGiven() {
        assertEquals(List.of("invoice 100% paid_in_full", "Payment FAILED for order 7"),
                bodies(search(null, Set.of(Level.ERROR), null, null, null)));
        assertEquals(List.of("no service name", "invoice 100% paid_in_full", "retrying payment",
                "Payment FAILED for order 7"), bodies(search(null, Set.of(Level.ERROR, Level.WARN, Level.FATAL), null, null, null)));
    }

    @Test
    void containsIgnoresCaseIncludingBeyondAscii() {
        assertEquals(List.of("retrying payment", "Payment FAILED for order 7"),
                bodies(search(null, Set.of(), "PAYMENT", null, null)));
        assertEquals(List.of("ÄRGER mit Übergabe"), bodies(search(null, Set.of(), "ärger mit übergabe", null, null)));
    }

    @Test
    void percentAndUnderscoreInContainsMatchLiterally() {
        assertEquals(List.of("invoice 100% paid_in_full"), bodies(search(null, Set.of(), "100%", null, null)));
        assertEquals(List.of("invoice 100% paid_in_full"), bodies(search(null, Set.of(), "%", null, null)));
        assertEquals(List.of("invoice 100% paid_in_full"), bodies(search(null, Set.of(), "paid_in", null, null)));
        assertEquals(List.of("invoice 100% paid_in_full"), bodies(search(null, Set.of(), "_", null, null)));
        assertEquals(List.of(), bodies(search(null, Set.of(), "' OR 1=1 --", null, null)));
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        assertEquals(List.of("retrying payment", "Payment FAILED for order 7"),
                bodies(search(null, Set.of(), null, 10, 30)));
        assertEquals(List.of("Payment FAILED for order 7"),
                bodies(new LogSearch(null, Set.of(), null, BASE.plusSeconds(10), BASE.plusSeconds(10).plusNanos(1_000), 10, null)));
    }

    @Test
    void criteriaCombine() {
        assertEquals(List.of("invoice 100% paid_in_full"),
                bodies(search("billing", Set.of(Level.ERROR, Level.DEBUG), "INVOICE", 0, 40)));
        assertEquals(List.of(), bodies(search("checkout", Set.of(Level.ERROR), "retrying", null, null)));
    }

    @Test
    void queryFiltersAndIsAndedWithTheOtherCriteria() {
        String query = "level IN ('error', 'fatal') OR body CONTAINS 'RETRYING'";

        assertEquals(List.of("no service name", "invoice 100% paid_in_full", "retrying payment",
                "Payment FAILED for order 7"), bodies(LogSearch.recent(100).withQuery(query)));
        assertEquals(List.of("retrying payment", "Payment FAILED for order 7"),
                bodies(search("checkout", Set.of(), null, null, null).withQuery(query)));
        assertEquals(List.of("retrying payment"),
                bodies(search("checkout", Set.of(Level.WARN, Level.INFO), null, null, null).withQuery(query)));
        assertEquals(bodies(LogSearch.recent(100)), bodies(LogSearch.recent(100).withQuery("  ")));
    }

    @Test
    void aBadQueryThrowsTheApiExceptionWithThePosition() {
        LogQuerySyntaxException unknownField = assertThrows(LogQuerySyntaxException.class,
                () -> query.search(LogSearch.recent(10).withQuery("body CONTAINS 'x' AND nope = 1")));
        assertEquals(22, unknownField.position());
        assertTrue(unknownField.reason().startsWith("unknown field 'nope'"), unknownField.reason());
        assertEquals(unknownField.reason() + " at position 22", unknownField.getMessage());

        LogQuerySyntaxException cutShort = assertThrows(LogQuerySyntaxException.class,
                () -> query.search(LogSearch.recent(10).withQuery("level = ")));
        assertEquals(8, cutShort.position());
    }

    @Test
    void entityNamesAreDistinctSortedAndSkipNull() {
        assertEquals(List.of("billing", "checkout"), query.entityNames());
    }

    @Test
    void levelCountsCountEveryMatchingRecordPerLevelAndEpochAlignedBucket() {
        // The records lie 10 s apart from BASE; 25 s buckets aligned to the epoch cut them wherever BASE falls.
        long step = 25_000;
        Map<String, Long> expected = new java.util.TreeMap<>();
        Object[][] stored = {{Level.INFO, 0}, {Level.ERROR, 10}, {Level.WARN, 20}, {Level.ERROR, 30},
                {Level.DEBUG, 40}, {Level.INFO, 50}, {Level.FATAL, 60}};
        for (Object[] record : stored) {
            long ms = BASE.plusSeconds((Integer) record[1]).toEpochMilli();
            expected.merge(record[0] + "@" + Instant.ofEpochMilli(Math.floorDiv(ms, step) * step), 1L, Long::sum);
        }
        assertEquals(expected, counted(LogSearch.recent(1), Duration.ofMillis(step)));

        Map<String, Long> errors = expected.entrySet().stream().filter(e -> e.getKey().startsWith("ERROR"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(errors, counted(search(null, Set.of(Level.ERROR), null, null, null), Duration.ofMillis(step)));
        assertEquals(errors, counted(LogSearch.recent(1).withQuery("level = 'error'"), Duration.ofMillis(step)));
        Map<String, Long> tenToThirty = new java.util.TreeMap<>();
        tenToThirty.merge("ERROR@" + bucketOf(10, step), 1L, Long::sum);
        tenToThirty.merge("WARN@" + bucketOf(20, step), 1L, Long::sum);
        assertEquals(tenToThirty, counted(search(null, Set.of(), null, 10, 30), Duration.ofMillis(step)),
                "from inclusive, to exclusive");
    }

    @Test
    void levelCountsRefuseAStepThatIsNotWholePositiveMilliseconds() {
        for (Duration step : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(1_500_000)}) {
            assertThrows(IllegalArgumentException.class, () -> query.levelCounts(LogSearch.recent(1), step), step.toString());
        }
        assertThrows(LogQuerySyntaxException.class,
                () -> query.levelCounts(LogSearch.recent(1).withQuery("nope = 1"), Duration.ofSeconds(1)));
    }

    private static Instant bucketOf(int second, long step) {
        return Instant.ofEpochMilli(Math.floorDiv(BASE.plusSeconds(second).toEpochMilli(), step) * step);
    }

    private Map<String, Long> counted(LogSearch search, Duration step) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (LevelCount count : query.levelCounts(search, step)) {
            assertEquals(null, counts.put(count.level() + "@" + count.bucket(), count.count()), "one row per level and bucket");
        }
        return counts;
    }

    private LogSearch search(String entity, Set<Level> levels, String contains, Integer fromSecond, Integer toSecond) {
        return new LogSearch(entity, levels, contains,
                fromSecond == null ? null : BASE.plusSeconds(fromSecond),
                toSecond == null ? null : BASE.plusSeconds(toSecond), 100, null);
    }

    private List<String> bodies(LogSearch search) {
        return query.search(search).stream().map(LogRecord::body).toList();
    }

    @Test
    void aPageEndsWhereItsRecordsReachTheByteBound() {
        List<LogRecord> all = query.page(SqlFilter.ALL, null, 7).logs();
        long firstFour = all.subList(0, 4).stream().mapToLong(LogsJson::size).sum();
        List<LogRecord> measured = new ArrayList<>();
        PageBound bound = new PageBound(firstFour + LogsJson.size(all.get(4)) / 2, record -> {
            measured.add(record);
            return LogsJson.size(record);
        });
        LogPage first = query.page(SqlFilter.ALL, null, 7, bound);
        assertEquals(all.subList(0, 4), first.logs());
        assertTrue(first.truncated());
        assertEquals(all.subList(0, 5), measured, "the record that did not fit is the last one read");
        LogPage rest = query.page(SqlFilter.ALL, first.cursor(), 7, bound);
        assertEquals(all.subList(4, 7), rest.logs());
        assertFalse(rest.truncated());
        assertNull(rest.cursor());
        // A record bigger than the whole bound still makes a page of one, so paging always moves on.
        LogPage one = query.page(SqlFilter.ALL, null, 7, new PageBound(10, LogsJson::size));
        assertEquals(all.subList(0, 1), one.logs());
        assertTrue(one.truncated());
        // A page full by count is not truncated, even when the next record would not have fit either.
        LogPage full = query.page(SqlFilter.ALL, null, 4, bound);
        assertEquals(all.subList(0, 4), full.logs());
        assertFalse(full.truncated());
    }

    /**
     * DuckDB's JDBC driver turns a whole chunk of rows (2048) into Java strings at once, so a bound applied only
     * while reading in Java would still take that chunk onto the heap; DuckDB cuts by its own estimate first.
     */
    @Test
    void rowsBeyondTheByteBoundNeverLeaveDuckDb(@TempDir Path tmp) {
        try (DuckDbDatabase big = new DuckDbDatabase(tmp)) {
            List<LogRecord> logs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                logs.add(log("big", Level.INFO, i + " " + "b".repeat(10_000), i));
            }
            try (RecordSink.Writer writer = new DuckDbRecordSink(big).openWriter(Lane.P1)) {
                writer.write(new RecordBatch(Lane.P1, logs));
            }
            List<LogRecord> reachedJava = new ArrayList<>();
            // Counting, never cutting: whatever is counted came out of DuckDB.
            PageBound bound = new PageBound(35_000, record -> {
                reachedJava.add(record);
                return 0;
            });
            LogPage page = new DuckDbLogQuery(big).page(SqlFilter.ALL, null, 10_000, bound);
            assertEquals(4, reachedJava.size(), "about 35 KB of 10 KB records");
            assertEquals(4, page.logs().size());
            assertTrue(page.truncated());
            assertTrue(page.logs().getFirst().body().startsWith("2999 "));
        }
    }

    /**
     * Pages are cut by time before the row hash orders them (see {@code withinNewest}): with many records on one
     * time, identical copies among them, every page size in both directions still hands out each record once, in
     * the order of one unpaged read.
     */
    @Test
    void pagesOfEverySizeOverTiedTimesHandOutEachRecordOnceInOrder(@TempDir Path tmp) {
        try (DuckDbDatabase tied = new DuckDbDatabase(tmp)) {
            List<LogRecord> logs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // Six times, ten records each; bodies repeat every 4, so some records are identical copies.
                logs.add(log("tied", Level.INFO, "body " + (i % 4), i % 6));
            }
            try (RecordSink.Writer writer = new DuckDbRecordSink(tied).openWriter(Lane.P1)) {
                writer.write(new RecordBatch(Lane.P1, logs));
            }
            DuckDbLogQuery pages = new DuckDbLogQuery(tied);
            List<LogRecord> newestFirst = pages.page(SqlFilter.ALL, null, 1000).logs();
            assertEquals(60, newestFirst.size());
            List<LogRecord> oldestFirst = new ArrayList<>(newestFirst);
            java.util.Collections.reverse(oldestFirst);
            for (int limit = 1; limit <= 13; limit++) {
                List<LogRecord> paged = new ArrayList<>();
                LogPage page = pages.page(SqlFilter.ALL, null, limit);
                paged.addAll(page.logs());
                for (int i = 0; page.cursor() != null && i < 100; i++) {
                    page = pages.page(SqlFilter.ALL, page.cursor(), limit);
                    paged.addAll(page.logs());
                }
                assertEquals(newestFirst, paged, "newest first, pages of " + limit);

                LogPage start = pages.tail(SqlFilter.ALL, null, limit);
                assertEquals(oldestFirst.subList(60 - limit, 60), start.logs(), "a tail starts at the newest " + limit);
                List<LogRecord> followed = new ArrayList<>();
                LogPage next = pages.tail(SqlFilter.ALL, new LogCursor(0, 0, 1), limit);
                for (int i = 0; !next.logs().isEmpty() && i < 100; i++) {
                    followed.addAll(next.logs());
                    next = pages.tail(SqlFilter.ALL, next.cursor(), limit);
                }
                assertEquals(oldestFirst, followed, "oldest first after a cursor, pages of " + limit);
            }
        }
    }
}
