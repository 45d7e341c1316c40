package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlException.ErrorType;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10 item 6: the concurrency cap counts evaluations that still run, not requests still waiting. A query whose
 * request timed out keeps its slot until its evaluation has really ended; the series source here blocks and ignores
 * interrupts, as a native DuckDB call does.
 */
class QueryRunnerTest {

    private static final PromqlLimits LIMITS = new PromqlLimits(Duration.ofMinutes(5), Duration.ofMinutes(2), 11_000,
            50_000_000L);

    private final QueryRunner runner = new QueryRunner(1);
    private final BlockingSource source = new BlockingSource();
    private final PromqlEvaluator engine = new PromqlEvaluator(source, LIMITS);

    @AfterEach
    void close() {
        source.release();
        runner.close();
    }

    @Test
    void aTimedOutEvaluationKeepsItsSlotUntilItEnds() throws Exception {
        PromqlException first = assertThrows(PromqlException.class,
                () -> runner.run(Duration.ofMillis(200), () -> engine.instant("up", 1_000_000)));
        assertEquals(ErrorType.TIMEOUT, first.errorType());
        assertTrue(source.entered.await(10, TimeUnit.SECONDS), "the evaluation reached the source");

        // The first evaluation still runs inside the source: the only slot is taken.
        PromqlException second = assertThrows(PromqlException.class,
                () -> runner.run(Duration.ofMillis(300), () -> engine.instant("vector(1)", 1_000_000)),
                "a second query must not evaluate beside the first one");
        assertEquals(ErrorType.TIMEOUT, second.errorType());
        assertEquals("query timed out in query queue", second.getMessage());

        source.release();
        Evaluation third = runner.run(Duration.ofSeconds(30), () -> engine.instant("vector(1)", 1_000_000));
        assertEquals(1, ((io.fluxtap.storage.promql.QueryResult.InstantVector) third.result()).samples().size(),
                "the slot is free once the first evaluation ended");
    }

    /** Blocks every select until released, deaf to interrupts. */
    private static final class BlockingSource implements SeriesSource {

        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
            entered.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    released.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return List.of(new StoredSeries(new TreeMap<>(java.util.Map.of("__name__", "up")), new long[0], new double[0]));
        }

        void release() {
            released.countDown();
        }
    }
}
