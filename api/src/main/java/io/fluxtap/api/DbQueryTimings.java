package io.fluxtap.api;

/**
 * Where the store reports how long its database work took, as {@code fluxtap_db_query_duration_seconds{operation,
 * table}}. The server has one (dist's self metrics); a store without one reports nowhere.
 */
public interface DbQueryTimings {

    /** Reports nothing. */
    DbQueryTimings NONE = (operation, table, nanos) -> {
    };

    /**
     * @param operation what was done: {@code select}, {@code insert}, {@code update}, {@code delete}, {@code append}
     *                  (a writer's rows through the Appender), {@code copy}, or {@code other}
     * @param table     the table or view it was done to, {@code other} when none of the schema's
     * @param nanos     how long it took
     */
    void observe(String operation, String table, long nanos);
}
