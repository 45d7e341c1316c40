package io.fluxtap.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A log search: every non-null criterion must hold. Results come newest first.
 *
 * @param entityName exact service name, or null for any
 * @param levels     levels to include, empty for any
 * @param contains   case-insensitive substring of the body, or null
 * @param from       inclusive lower bound of the timestamp, or null
 * @param to         exclusive upper bound of the timestamp, or null
 * @param limit      the most records to return, 1 to {@link #MAX_LIMIT}
 * @param query      a filter in the log filter language (README, "Log filter language"), ANDed with the other
 *                   criteria, or null for none; kept as written (blank means none), so a
 *                   {@link LogQuerySyntaxException#position()} points into the text the user typed
 */
public record LogSearch(String entityName, Set<Level> levels, String contains, Instant from, Instant to, int limit,
                        String query) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public LogSearch {
        levels = levels == null ? Set.of() : Set.copyOf(levels);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (query != null && query.isBlank()) {
            query = null;
        }
    }

    public static LogSearch recent(int limit) {
        return new LogSearch(null, Set.of(), null, null, null, limit, null);
    }

    public LogSearch withEntityName(String name) {
        return new LogSearch(name, levels, contains, from, to, limit, query);
    }

    public LogSearch withLevels(Set<Level> newLevels) {
        return new LogSearch(entityName, Objects.requireNonNullElse(newLevels, Set.of()), contains, from, to, limit, query);
    }

    public LogSearch withQuery(String newQuery) {
        return new LogSearch(entityName, levels, contains, from, to, limit, newQuery);
    }
}
