package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.parse.ParserTest;
import io.fluxtap.storage.promql.parse.Regexes;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;
import io.fluxtap.storage.promql.series.MemorySeriesSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PromqlEvaluatorTest {

    private static final long MINUTE = 60_000;

    /** What the engine asked the source for. */
    private record Call(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {}

    private final MemorySeriesSource memory = new MemorySeriesSource();
    private final List<Call> calls = new ArrayList<>();
    private final SeriesSource recording = (matchers, min, max) -> {
        calls.add(new Call(matchers, min, max));
        return memory.select(matchers, min, max);
    };

    @BeforeEach
    void load() {
        for (int i = 0; i <= 60; i++) {
            memory.add(Map.of("__name__", "http_requests_total", "job", "api"), i * MINUTE, i * 60.0);
            memory.add(Map.of("__name__", "http_requests_total", "job", "web"), i * MINUTE, i * 120.0);
        }
    }

    private PromqlEvaluator engine(PromqlLimits limits) {
        return new PromqlEvaluator(recording, limits);
    }

    @Test
    void instantSelectorIsPushedDownWithItsMatchersAndRange() {
        Evaluation e = engine(PromqlLimits.prometheusDefaults()).instant("rate(http_requests_total{job=\"api\"}[5m])", 60 * MINUTE);
        assertEquals(List.of(new Call(List.of(
                new LabelMatcher("__name__", LabelMatcher.Type.EQUAL, "http_requests_total"),
                new LabelMatcher("job", LabelMatcher.Type.EQUAL, "api")), 55 * MINUTE + 1, 60 * MINUTE)), calls);
        QueryResult.InstantVector v = assertInstanceOf(QueryResult.InstantVector.class, e.result());
        assertEquals(1, v.samples().size());
        assertEquals(1.0, v.samples().get(0).value(), 1e-9);
        assertEquals(Map.of("job", "api"), v.samples().get(0).labels());
    }

    @Test
    void rangeQueryReadsFromFirstStepMinusOffsetAndLookbackToLastStep() {
        Evaluation e = engine(PromqlLimits.prometheusDefaults())
                .range("sum(http_requests_total offset 1m)", 10 * MINUTE, 20 * MINUTE, MINUTE);
        assertEquals(1, calls.size());
        assertEquals(10 * MINUTE - MINUTE - 5 * MINUTE + 1, calls.get(0).minTimeMs());
        assertEquals(20 * MINUTE - MINUTE, calls.get(0).maxTimeMs());
        QueryResult.RangeMatrix m = assertInstanceOf(QueryResult.RangeMatrix.class, e.result());
        assertEquals(11, m.series().get(0).values().length);
        assertEquals(9 * 180.0, m.series().get(0).values()[0]);
    }

    @Test
    void subqueryWidensTheReadByItsRange() {
        engine(PromqlLimits.prometheusDefaults())
                .instant("max_over_time(rate(http_requests_total[2m])[10m:1m] @ 3000)", 0);
        assertEquals(1, calls.size());
        assertEquals(3_000_000 - 10 * MINUTE - 2 * MINUTE + 1, calls.get(0).minTimeMs());
        assertEquals(3_000_000, calls.get(0).maxTimeMs());
    }

    @Test
    void aStaleMarkerEndsTheSeriesBeforeTheLookbackDoes() {
        memory.add(Map.of("__name__", "g"), 0, 1);
        memory.add(Map.of("__name__", "g"), 10_000, Double.longBitsToDouble(0x7ff0000000000002L));
        PromqlEvaluator engine = engine(PromqlLimits.prometheusDefaults());
        assertEquals(1, ((QueryResult.InstantVector) engine.instant("g", 5_000).result()).samples().size());
        assertEquals(0, ((QueryResult.InstantVector) engine.instant("g", 15_000).result()).samples().size());
    }

    @Test
    void tooManyPointsPerSeriesIsBadData() {
        PromqlException e = assertThrows(PromqlException.class, () -> engine(PromqlLimits.prometheusDefaults())
                .range("http_requests_total", 0, 11_000_000, 1000));
        assertEquals(PromqlException.ErrorType.BAD_DATA, e.errorType());
        assertEquals("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                + "resolution (?step=XX)", e.getMessage());
    }

    @Test
    void tooManySamplesIsAnExecutionError() {
        PromqlLimits limits = new PromqlLimits(Duration.ofMinutes(5), Duration.ofMinutes(1), 11_000, 100);
        PromqlException e = assertThrows(PromqlException.class,
                () -> engine(limits).instant("sum_over_time(http_requests_total[1h])", 60 * MINUTE));
        assertEquals(PromqlException.ErrorType.EXECUTION, e.errorType());
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
    }

    @Test
    void aSubqueryCountsItsSamplesAsItMakesThem() {
        // 3 * 10^10 steps: without counting per step this ends in OutOfMemoryError (or runs for hours).
        PromqlLimits limits = new PromqlLimits(Duration.ofMinutes(5), Duration.ofMinutes(10), 11_000, 100_000);
        PromqlException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(PromqlException.class,
                () -> engine(limits).instant("count_over_time(vector(1)[1y:1ms])", 60 * MINUTE)));
        assertEquals(PromqlException.ErrorType.EXECUTION, e.errorType());
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
        // In a range query and inside another subquery alike.
        e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(PromqlException.class,
                () -> engine(limits).range("max_over_time(count_over_time(vector(1)[1y:1ms])[5m:1m])", 0, 60 * MINUTE, MINUTE)));
        assertEquals(PromqlException.ErrorType.EXECUTION, e.errorType());
    }

    @Test
    void aSubquerysSamplesAreReleasedOnceItsFunctionHasUsedThem() {
        // Held at most at once, at the last step: 122 loaded + 120 answer points of the steps before + that
        // step's subquery (2 series x 5 points). Counted cumulatively the 61 subqueries alone would be over 500.
        PromqlLimits limits = new PromqlLimits(Duration.ofMinutes(5), Duration.ofMinutes(1), 11_000, 122 + 120 + 10);
        Evaluation e = engine(limits).range("max_over_time(http_requests_total[5m:1m])", 0, 60 * MINUTE, MINUTE);
        QueryResult.RangeMatrix m = assertInstanceOf(QueryResult.RangeMatrix.class, e.result());
        assertEquals(2, m.series().size());
        assertEquals(61, m.series().get(0).values().length);
        // One point less of room and the same query is refused.
        PromqlLimits tight = new PromqlLimits(Duration.ofMinutes(5), Duration.ofMinutes(1), 11_000, 122 + 120 + 10 - 1);
        assertThrows(PromqlException.class,
                () -> engine(tight).range("max_over_time(http_requests_total[5m:1m])", 0, 60 * MINUTE, MINUTE));
    }

    @Test
    void everyExpressionThatParsesEvaluatesWithinASmallStack() throws Exception {
        PromqlEvaluator engine = engine(PromqlLimits.prometheusDefaults());
        memory.add(Map.of("__name__", "x"), 0, 2);
        List<String> queries = new ArrayList<>(ParserTest.nestedQueries(Parser.MAX_DEPTH - 1));
        int groups = Regexes.MAX_NESTING;
        queries.add("label_replace({__name__=~\"" + "(".repeat(groups) + "x" + ")".repeat(groups) + "\"}, \"a\", \"$1\", \"__name__\", \""
                + "(".repeat(groups) + "x" + ")".repeat(groups) + "\")");
        for (String query : queries) {
            Throwable[] failure = new Throwable[1];
            // Half the JVM's default thread stack: the limit leaves room for whatever runs the evaluation.
            Thread thread = new Thread(null, () -> {
                try {
                    engine.instant(query, 30_000);
                    engine.range(query, 0, 60_000, 30_000);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "small-stack", 512 * 1024);
            thread.start();
            thread.join();
            if (failure[0] != null) {
                throw new AssertionError(query.substring(0, 40) + " failed", failure[0]);
            }
        }
    }

    @Test
    void aQueryPastItsDeadlineTimesOut() {
        PromqlLimits limits = new PromqlLimits(Duration.ofMinutes(5), Duration.ZERO, 11_000, 50_000_000);
        PromqlException e = assertThrows(PromqlException.class,
                () -> engine(limits).range("http_requests_total", 0, 60 * MINUTE, MINUTE));
        assertEquals(PromqlException.ErrorType.TIMEOUT, e.errorType());
    }

    @Test
    void vectorMatchingFailsOnDuplicateMatchGroups() {
        memory.add(Map.of("__name__", "info", "job", "api", "v", "1"), 0, 1);
        memory.add(Map.of("__name__", "info", "job", "api", "v", "2"), 0, 1);
        PromqlException e = assertThrows(PromqlException.class, () -> engine(PromqlLimits.prometheusDefaults())
                .instant("http_requests_total * on(job) group_left(v) info", 0));
        assertEquals(PromqlException.ErrorType.EXECUTION, e.errorType());
    }

    @Test
    void storedSeriesOfTheSourceAreNotModified() {
        List<StoredSeries> before = memory.select(List.of(new LabelMatcher("job", LabelMatcher.Type.EQUAL, "api")), 0, Long.MAX_VALUE);
        engine(PromqlLimits.prometheusDefaults()).range("-http_requests_total", 0, 60 * MINUTE, MINUTE);
        assertEquals(60 * 60.0, before.get(0).values()[60]);
    }

    @Test
    void regexMatchersAndLabelReplaceUseGoSemantics() {
        memory.add(Map.of("__name__", "disk", "dev", "sda1"), 0, 1);
        memory.add(Map.of("__name__", "disk", "dev", "dig"), 0, 2);
        memory.add(Map.of("__name__", "disk", "dev", "a\nb"), 0, 3);
        PromqlEvaluator engine = engine(PromqlLimits.prometheusDefaults());
        // [[:digit:]] is a POSIX class in RE2; java.util.regex would read it as the characters ":digt".
        assertEquals(List.of(Map.of("__name__", "disk", "dev", "sda1")),
                labelsOf(engine.instant("disk{dev=~\".*[[:digit:]]\"}", 0)));
        // . matches a newline, and the match is anchored at both ends.
        assertEquals(List.of(Map.of("__name__", "disk", "dev", "a\nb")), labelsOf(engine.instant("disk{dev=~\"a.b\"}", 0)));
        assertEquals(List.of(), labelsOf(engine.instant("disk{dev=~\"sda\"}", 0)));
        // Go's (?P<name>...) groups expand by name.
        assertEquals(List.of(Map.of("dev", "sda1", "disk", "sda", "n", "1")), labelsOf(engine.instant(
                "label_replace(label_replace(disk{dev=\"sda1\"}, \"disk\", \"$d\", \"dev\", \"(?P<d>[a-z]+)[0-9]\"),"
                        + " \"n\", \"${1}\", \"dev\", \"[a-z]+([0-9])\") * 1", 0)));
        PromqlException e = assertThrows(PromqlException.class,
                () -> engine.instant("label_replace(disk, \"x\", \"$1\", \"dev\", \"(a)\\\\1\")", 0));
        assertEquals("invalid regular expression in label_replace(): (a)\\1", e.getMessage());
    }

    private static List<Map<String, String>> labelsOf(Evaluation e) {
        List<Map<String, String>> out = new ArrayList<>();
        for (QueryResult.Sample s : assertInstanceOf(QueryResult.InstantVector.class, e.result()).samples()) {
            out.add(s.labels());
        }
        return out;
    }
}
