package io.fluxtap.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Read side of the log store, shared by the REST API and the dashboard. */
public interface LogQuery {

    /** How many of the newest records of a range {@link #attributeKeys} looks at. */
    int KEY_SAMPLE = LogSearch.MAX_LIMIT;

    /** @throws LogQuerySyntaxException when {@link LogSearch#query()} does not parse or names an unknown field */
    List<LogRecord> search(LogSearch search);

    /**
     * Every record {@code search} matches (its limit aside), counted per level and per bucket of {@code step}
     * aligned to the epoch, in no particular order: a histogram exact at any volume, where counting the
     * records read would stop at {@link LogSearch#MAX_LIMIT}.
     *
     * @throws LogQuerySyntaxException  when {@link LogSearch#query()} does not parse or names an unknown field
     * @throws IllegalArgumentException unless {@code step} is a positive whole number of milliseconds
     */
    List<LevelCount> levelCounts(LogSearch search, Duration step);

    /** {@code step} as whole milliseconds, the unit every store buckets by. */
    static long checkStep(Duration step) {
        if (step == null || step.isNegative() || step.isZero() || step.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("step must be a positive whole number of milliseconds, was " + step);
        }
        return step.toMillis();
    }

    /** The service names seen in the stored logs, sorted. */
    List<String> entityNames();

    /**
     * The records of {@code record}'s service (those without a service when it has none) just before and just after
     * it, at most {@code each} on either side, whatever filter found it. Records sharing its timestamp fall on
     * either side in the store's order; a record the store does not hold gets the neighbours of its timestamp.
     *
     * @throws IllegalArgumentException unless {@code each} is 1 to {@link LogContext#MAX_EACH}
     */
    LogContext context(LogRecord record, int each);

    /**
     * The attribute keys (of {@link LogRecord#attributes()}) of the newest {@link #KEY_SAMPLE} records with a
     * timestamp in {@code [from, to)}, sorted, at most {@code limit}: what a query bar offers as
     * {@code attributes.<key>}. Either bound may be null.
     *
     * @throws IllegalArgumentException unless {@code limit} is positive
     */
    List<String> attributeKeys(Instant from, Instant to, int limit);
}
