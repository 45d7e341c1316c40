package io.fluxtap.ui.testing;

import io.fluxtap.api.Level;
import io.fluxtap.api.LevelCount;
import io.fluxtap.api.LogContext;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogQuerySyntaxException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A log store double that answers {@link LogSearch} the way the {@link LogQuery} contract describes. It does not
 * speak the filter language: a test gives each {@link LogSearch#query()} it uses a meaning ({@link #understand})
 * or a refusal ({@link #refuse}); any other query fails the search rather than being ignored.
 */
public final class InMemoryLogQuery implements LogQuery {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final List<LogSearch> searches = new CopyOnWriteArrayList<>();
    private final Map<String, Predicate<LogRecord>> understood = new ConcurrentHashMap<>();
    private final Map<String, LogQuerySyntaxException> refused = new ConcurrentHashMap<>();

    public InMemoryLogQuery(List<LogRecord> initial) {
        records.addAll(initial);
    }

    public void add(LogRecord record) {
        records.add(record);
    }

    /** From now on {@code query} selects the records {@code meaning} accepts. */
    public void understand(String query, Predicate<LogRecord> meaning) {
        understood.put(query, meaning);
    }

    /** From now on a search with {@code query} throws {@code error}, as the store does for a bad query. */
    public void refuse(String query, LogQuerySyntaxException error) {
        refused.put(query, error);
    }

    /** Every search asked so far, oldest first. */
    public List<LogSearch> searches() {
        return List.copyOf(searches);
    }

    @Override
    public List<LogRecord> search(LogSearch search) {
        searches.add(search);
        return matching(search)
                .sorted(Comparator.comparing(LogRecord::timestamp).reversed())
                .limit(search.limit())
                .toList();
    }

    /** Counted from every matching record, as the contract asks; searches do not record these. */
    @Override
    public List<LevelCount> levelCounts(LogSearch search, Duration step) {
        long stepMillis = LogQuery.checkStep(step);
        Map<Level, Map<Instant, Long>> counts = new TreeMap<>();
        matching(search).forEach(r -> counts.computeIfAbsent(r.level(), k -> new TreeMap<>()).merge(
                Instant.ofEpochMilli(Math.floorDiv(r.timestamp().toEpochMilli(), stepMillis) * stepMillis), 1L, Long::sum));
        List<LevelCount> rows = new ArrayList<>();
        counts.forEach((level, buckets) -> buckets.forEach((bucket, n) -> rows.add(new LevelCount(level, bucket, n))));
        return rows;
    }

    private Stream<LogRecord> matching(LogSearch search) {
        Predicate<LogRecord> query = queryMeaning(search.query());
        return records.stream()
                .filter(r -> search.entityName() == null || search.entityName().equals(r.entityName()))
                .filter(r -> search.levels().isEmpty() || search.levels().contains(r.level()))
                .filter(r -> search.contains() == null || r.body().toLowerCase(Locale.ROOT)
                        .contains(search.contains().toLowerCase(Locale.ROOT)))
                .filter(r -> search.from() == null || !r.timestamp().isBefore(search.from()))
                .filter(r -> search.to() == null || r.timestamp().isBefore(search.to()))
                .filter(query);
    }

    private Predicate<LogRecord> queryMeaning(String query) {
        if (query == null) {
            return r -> true;
        }
        LogQuerySyntaxException error = refused.get(query);
        if (error != null) {
            throw error;
        }
        Predicate<LogRecord> meaning = understood.get(query);
        if (meaning == null) {
            throw new IllegalStateException("the test gave no meaning to the query [" + query + "]");
        }
        return meaning;
    }

    /** In timestamp order, records sharing one in the order they were added, as the contract allows. */
    @Override
    public LogContext context(LogRecord record, int each) {
        LogContext.checkEach(each);
        List<LogRecord> service = records.stream().filter(r -> Objects.equals(r.entityName(), record.entityName()))
                .sorted(Comparator.comparing(LogRecord::timestamp)).toList();
        int at = service.indexOf(record);
        List<LogRecord> before = new ArrayList<>();
        List<LogRecord> after = new ArrayList<>();
        for (int i = 0; i < service.size(); i++) {
            LogRecord r = service.get(i);
            boolean earlier = at >= 0 ? i < at : r.timestamp().isBefore(record.timestamp());
            if (earlier) {
                before.add(r);
            } else if (i != at) {
                after.add(r);
            }
        }
        return new LogContext(before.subList(Math.max(0, before.size() - each), before.size()), record,
                after.subList(0, Math.min(each, after.size())));
    }

    @Override
    public List<String> attributeKeys(Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return records.stream()
                .filter(r -> from == null || !r.timestamp().isBefore(from))
                .filter(r -> to == null || r.timestamp().isBefore(to))
                .sorted(Comparator.comparing(LogRecord::timestamp).reversed())
                .limit(KEY_SAMPLE)
                .flatMap(r -> r.attributes().keySet().stream())
                .distinct().sorted().limit(limit).toList();
    }

    @Override
    public List<String> entityNames() {
        return records.stream().map(LogRecord::entityName).filter(Objects::nonNull).distinct().sorted().toList();
    }
}
