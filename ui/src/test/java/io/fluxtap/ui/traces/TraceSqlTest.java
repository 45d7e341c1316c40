package io.fluxtap.ui.traces;

import io.fluxtap.api.SqlQueries;
import io.fluxtap.ui.testing.DuckDbSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trace search finds the newest traces before it sums them up (see {@link TraceSql#search}); over traces whose
 * matching span is not their first, that straddle the window's start, and more than a page of them, it answers as
 * the definition does, computed here in Java over the same spans.
 */
class TraceSqlTest {

    private static final Instant FROM = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));
    private static final String[] SERVICES = {"gateway", "billing", "ledger"};

    private record Span(String traceId, Instant start, Duration duration, String service, String name, String status) {
        Instant end() {
            return start.plus(duration);
        }
    }

    private static final List<Span> SPANS = new ArrayList<>();
    private static DuckDbSql sql;

    @BeforeAll
    static void store() {
        sql = new DuckDbSql();
        Random random = new Random(7);
        for (int t = 0; t < 400; t++) {
            String traceId = "%032x".formatted(t + 1);
            // Starts from 10 minutes before the window (some spans fall outside it) to its end; every span of the
            // store at its own millisecond, so no order depends on ties.
            Instant start = FROM.minus(Duration.ofMinutes(10)).plusMillis(random.nextInt(70 * 60_000) / 400 * 400 + t);
            int spans = 1 + random.nextInt(4);
            for (int s = 0; s < spans; s++) {
                Span span = new Span(traceId, start.plusMillis(s * 100_000L + s), Duration.ofMillis(1 + random.nextInt(2000)),
                        SERVICES[random.nextInt(SERVICES.length)], "op " + random.nextInt(5),
                        random.nextInt(10) == 0 ? "error" : "ok");
                SPANS.add(span);
                sql.span(traceId, "%016x".formatted(SPANS.size()), null, span.service(), span.name(), span.start(),
                        span.duration(), span.status(), null);
            }
        }
    }

    @AfterAll
    static void close() {
        sql.close();
    }

    @Test
    void everyTraceOfTheWindow() {
        assertSearch(new TraceSearch(null, null, null, null, null, null, null), span -> true, null);
    }

    @Test
    void tracesWithASpanOfOneServiceSummedOverAllTheirSpans() {
        assertSearch(new TraceSearch("billing", null, null, null, null, null, null), span -> span.service().equals("billing"), null);
    }

    @Test
    void tracesWithAnErrorSpan() {
        assertSearch(new TraceSearch(null, null, null, null, "error", null, null), span -> span.status().equals("error"), null);
    }

    @Test
    void tracesOfAServiceAndAMinimumDuration() {
        assertSearch(new TraceSearch("ledger", null, 150_000L, null, null, null, null),
                span -> span.service().equals("ledger"), Duration.ofMillis(150_000));
    }

    private static void assertSearch(TraceSearch search, Predicate<Span> matches, Duration atLeast) {
        Map<String, List<Span>> inWindow = new LinkedHashMap<>();
        for (Span span : SPANS) {
            if (!span.start().isBefore(FROM) && span.start().isBefore(TO)) {
                inWindow.computeIfAbsent(span.traceId(), k -> new ArrayList<>()).add(span);
            }
        }
        List<List<Object>> expected = inWindow.values().stream()
                .filter(spans -> spans.stream().anyMatch(matches))
                .filter(spans -> atLeast == null || Duration.between(first(spans).start(),
                        spans.stream().map(Span::end).max(Comparator.naturalOrder()).orElseThrow()).compareTo(atLeast) >= 0)
                .sorted(Comparator.comparing((List<Span> spans) -> first(spans).start()).reversed())
                .limit(TraceSql.RESULTS)
                .map(spans -> List.<Object>of(first(spans).traceId(), (long) spans.size(), first(spans).service(), first(spans).name()))
                .toList();
        SqlQueries.Result result = sql.query(TraceSql.search(search, FROM, TO), Duration.ofSeconds(30));
        List<List<Object>> actual = result.rows().stream()
                .map(row -> List.<Object>of(row.get(result.columnIndex("trace_id")),
                        ((Number) row.get(result.columnIndex("spans"))).longValue(),
                        row.get(result.columnIndex("service")), row.get(result.columnIndex("root"))))
                .toList();
        assertEquals(expected, actual, TraceSql.search(search, FROM, TO));
        assertEquals(true, expected.size() > 0, "the search finds some traces");
    }

    private static Span first(List<Span> spans) {
        return spans.stream().min(Comparator.comparing(Span::start)).orElseThrow();
    }
}
